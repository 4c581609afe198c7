# -*- coding: utf-8 -*-
# Copyright: (c) 2026, webadmin.iis contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""iis_pipeline_mode: an application pool's managed pipeline (Integrated / Classic), safely.

Why a module and not just iis_config: flipping ``managedPipelineMode`` to Integrated breaks every
application in the pool that still registers ASP.NET modules/handlers under ``system.web``
(HTTP 500.22/500.23) or impersonates (500.24). This feature looks at every application whose
pipeline changes *before* changing anything, and either refuses (``legacy_config=fail``), plans
the ``appcmd migrate config`` equivalent in the same plan (``migrate``), or only turns the
Integrated-mode validation off (``ignore``).
"""
from __future__ import absolute_import, division, print_function
__metaclass__ = type

from collections import OrderedDict

from ansible_collections.webadmin.iis.plugins.module_utils import aspnet_migration as migration
from ansible_collections.webadmin.iis.plugins.module_utils import config_path as cpath
from ansible_collections.webadmin.iis.plugins.module_utils import reporting
from ansible_collections.webadmin.iis.plugins.module_utils.config_system import ConfigError
from ansible_collections.webadmin.iis.plugins.module_utils.target_options import with_target_options

POOLS = reporting.POOLS
SITES = reporting.SITES
MODES = {'integrated': 'Integrated', 'classic': 'Classic'}

#: Options whose choices mirror an IIS enum (managedPipelineMode): IIS's spelling, e.g. Integrated, is accepted too.
IIS_ENUM_OPTIONS = ('mode',)

ARGUMENT_SPEC = with_target_options(dict(
    name=dict(type='str', required=True),
    mode=dict(type='str', required=True, choices=['integrated', 'classic']),
    runtime_version=dict(type='str', choices=['v4.0', 'v2.0', '']),
    enable_32bit=dict(type='bool'),
    applications=dict(type='list', elements='str', default=[]),
    legacy_config=dict(type='str', default='fail', choices=['fail', 'migrate', 'ignore']),
    create=dict(type='bool', default=False),
))


class LegacyConfigError(ConfigError):
    """Integrated mode refused because of legacy configuration; ``result`` carries the findings
    into the task result (the action plugin merges it)."""

    def __init__(self, message, result):
        super(LegacyConfigError, self).__init__(message)
        self.result = result


# -- inputs ----------------------------------------------------------------------------------------
def resolve_pool(plan, params):
    """The pool's effective settings; a missing pool is created with ``create`` or is an error
    that lists the pools there are."""
    manager = plan.manager
    pool = reporting.application_pool(manager, params['name'])
    if pool is not None:
        return pool
    if not params['create']:
        names = [p['name'] for p in reporting.application_pools(manager)]
        raise ConfigError('name: no application pool %r (pools: %s); set create=true to create it'
                          % (params['name'], ', '.join(repr(n) for n in names) or 'none'))
    plan.ensure_item(POOLS, '', {'name': params['name']})
    return reporting.application_pool(manager, params['name'])


def resolve_applications(manager, paths):
    """``Site`` (root application) or ``Site/app`` -> Application objects (must exist)."""
    out = []
    for text in paths:
        location = manager.check_location(text, 'applications')
        site_name, url = cpath.split_site(location)
        site = manager.site(site_name, 'applications')
        wanted = (url or '/').rstrip('/') or '/'
        match = [app for app in site.applications if app.path.rstrip('/').lower() == wanted.rstrip('/').lower()
                 or (wanted == '/' and app.path == '/')]
        if not match:
            known = ', '.join(repr(app.location) for app in site.applications) or 'none'
            raise ConfigError('applications: %r is not an application of site %r (applications: %s)'
                              % (text, site.name, known))
        if match[0] not in out:
            out.append(match[0])
    return out


def pool_mode(manager, pool_name):
    pool = reporting.application_pool(manager, pool_name)
    return pool['managedPipelineMode'] if pool is not None else None


def desired_pool_attributes(params):
    attrs = OrderedDict([('managedPipelineMode', MODES[params['mode']])])
    if params.get('runtime_version') is not None:
        attrs['managedRuntimeVersion'] = params['runtime_version']
    if params.get('enable_32bit') is not None:
        attrs['enable32BitAppOnWin64'] = 'true' if params['enable_32bit'] else 'false'
    return attrs


def changing_applications(manager, pool, assigned, target_mode):
    """Applications whose managed pipeline becomes ``target_mode``: all of the pool's when the
    pool itself switches, and assigned ones coming from a pool in the other mode."""
    name = pool['name'].lower()
    switching = (pool['managedPipelineMode'] or '').lower() != target_mode.lower()
    out = manager.applications_of_pool(name) if switching else []
    for app in assigned:
        if app in out:
            continue
        if app.application_pool.lower() != name and (pool_mode(manager, app.application_pool) or '').lower() != target_mode.lower():
            out.append(app)
        elif switching:
            out.append(app)
    return out


# -- legacy configuration ----------------------------------------------------------------------------
def handle_legacy(plan, params, apps, pool_apps):
    """Integrated target: inspect, then fail / migrate / ignore. Returns the findings that
    matter (:func:`aspnet_migration.problems`).

    Only ``severity='error'`` findings make IIS answer 500.22/500.23/500.24 (validation on), so
    only they block ``fail``. ``'warning'`` findings (validation already off, and the entry has no
    Integrated counterpart) raise no error but do not hold in Integrated mode: a warning for
    ``fail``/``ignore``, and what ``migrate`` adds."""
    findings = migration.problems(migration.find_legacy_config(plan.manager, apps))
    if not findings:
        return findings
    errors = [f for f in findings if f['severity'] == 'error']
    policy = params['legacy_config']
    if policy == 'fail' and errors:
        lines = '; '.join(migration.describe_finding(f) for f in errors)
        raise LegacyConfigError(
            'pool %r cannot switch to Integrated: %d legacy ASP.NET configuration entr%s would make the applications fail '
            '(%s). Nothing was changed. Use legacy_config=migrate (appcmd migrate config equivalent) or '
            'legacy_config=ignore.' % (params['name'], len(errors), 'y' if len(errors) == 1 else 'ies', lines),
            {'legacy_findings': findings, 'applications': pool_apps})
    if policy == 'migrate':
        for app in apps:
            if not any(f['application'] == app.location for f in findings):
                continue
            result = migration.plan_migration(plan, app)
            for item in result.not_migrated:
                plan.warnings.append('%s %s at %s was not migrated: %s'
                                     % (item['section'], item['entry'], item['location'], item['reason']))
        if any(f['section'] == migration.IDENTITY for f in findings):
            plan.warnings.append('identity impersonate="true" stays: in Integrated mode the client identity is not available '
                                 'in the early request stages (BeginRequest, AuthenticateRequest); validation is turned off')
    else:
        warnings = [f for f in findings if f['severity'] == 'warning']
        if warnings:
            plan.warnings.append('%d legacy ASP.NET entr%s raise no error (validateIntegratedModeConfiguration is off) but do '
                                 'not hold in Integrated mode: %s' % (
                                     len(warnings), 'y' if len(warnings) == 1 else 'ies',
                                     '; '.join('%s: %s' % (migration.describe_finding(f), f['reason']) for f in warnings)))
        if policy == 'ignore' and errors:
            plan.warnings.append('legacy_config=ignore: %d legacy ASP.NET entries are not migrated and will NOT run in Integrated '
                                 'mode; only validateIntegratedModeConfiguration is turned off: %s'
                                 % (len(errors), '; '.join(migration.describe_finding(f) for f in errors)))
    # The system.web entries stay (the applications keep working in Classic, like appcmd
    # migrate config): without this IIS keeps answering 500.22/500.23 where they are.
    locations = []
    for finding in errors:
        if finding['location'] not in locations:
            locations.append(finding['location'])
    migration.plan_disable_validation(plan, locations)
    return findings


def warn_classic(plan, apps):
    for app in apps:
        for item in migration.managed_only_in_integrated(plan.manager, app.location):
            plan.warnings.append('%s: managed %s entry %r (%s) in %s has no system.web equivalent: it does not run for ASP.NET '
                                 'requests in Classic mode' % (app.location, item['section'].split('/')[-1], item['name'],
                                                               item['type'], item['file']))


# -- the feature -------------------------------------------------------------------------------------
def desired_state(plan, params):
    manager = plan.manager
    assigned = resolve_applications(manager, params['applications'])
    pool = resolve_pool(plan, params)
    target_mode = MODES[params['mode']]
    apps = changing_applications(manager, pool, assigned, target_mode)
    pool_apps = sorted(set(pool['applications']) | set(app.location for app in assigned))
    findings = []
    if target_mode == 'Integrated':
        findings = handle_legacy(plan, params, apps, pool_apps)
    else:
        warn_classic(plan, apps)
    plan.set_attributes(POOLS, '', desired_pool_attributes(params), ({'name': pool['name']},))
    for app in assigned:
        if app.application_pool.lower() != pool['name'].lower():
            plan.set_attributes(SITES, '', {'applicationPool': pool['name']}, ({'name': app.site.name}, {'path': app.path}))
    return {'legacy_findings': findings}


def report(plan, params):
    pool = reporting.application_pool(plan.manager, params['name'])
    if pool is None:  # check mode with create=true: nothing was written, the plan shows the pool
        return {'applications': [], 'pool': {}}
    return {'applications': pool['applications'], 'pool': pool}
