# -*- coding: utf-8 -*-
# Copyright: (c) 2026, webadmin.iis contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The one way every webadmin.iis task runs on the controller.

options -> validated against the module's argument spec -> host (offline directory or Windows
host) -> ServerManager reads the files once -> the module's *feature* turns options into desired
state on a Plan -> check/diff -> the host applies the plan once -> result.

An action plugin of this collection is a few lines: it names its feature module (under
``module_utils/features/``), which holds the argument spec and the desired-state function.
"""
from __future__ import absolute_import, division, print_function
__metaclass__ = type

import contextlib
import gc

from ansible.errors import AnsibleActionFail
from ansible.module_utils.basic import missing_required_lib
from ansible.module_utils.common.parameters import remove_values
from ansible.plugins.action import ActionBase

from ansible_collections.webadmin.iis.plugins.module_utils import document as iis_document
from ansible_collections.webadmin.iis.plugins.module_utils.appcmd import QuotingError
from ansible_collections.webadmin.iis.plugins.module_utils.config_path import ConfigPathError
from ansible_collections.webadmin.iis.plugins.module_utils.config_system import ConfigError, ServerManager
from ansible_collections.webadmin.iis.plugins.module_utils.document import ConfigFileError
from ansible_collections.webadmin.iis.plugins.module_utils.offline import OfflineHost, TargetError
from ansible_collections.webadmin.iis.plugins.module_utils.plan import Plan, encrypted_names
from ansible_collections.webadmin.iis.plugins.module_utils.schema import SchemaError, SchemaRegistry
from ansible_collections.webadmin.iis.plugins.plugin_utils.option_spelling import iis_enum_spelling, module_fqcn

#: Errors that mean "the input or the host's configuration is wrong": reported as a task failure
#: with their message, never as a traceback.
USER_ERRORS = (ConfigError, ConfigFileError, ConfigPathError, SchemaError, TargetError, QuotingError)


@contextlib.contextmanager
def cyclic_gc_paused():
    """Pause Python's cyclic garbage collector while a task works on the configuration.

    Why: a large applicationHost.config means hundreds of thousands of live objects (lxml
    proxies, indexes, reports); each full collection the allocator triggers walks all of them,
    which made tasks on a 10,000-site server up to 1.5x slower. Reference counting still frees
    everything that is not a cycle; the collector runs again, as before, when the task ends."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


NO_LOG_MASK = 'VALUE_SPECIFIED_IN_NO_LOG_PARAMETER'
_BUILTIN_NAMES = []


def encrypted_attribute_names(registry):
    """Lower-cased names of every attribute the schema marks ``encrypted`` (passwords), in any
    section, child element or collection item."""
    if registry is SchemaRegistry.builtin() and _BUILTIN_NAMES:
        return set(_BUILTIN_NAMES[0])
    names = set()
    for section in registry.sections():
        names.update(name.lower() for name in encrypted_names(registry.section(section)))
    if registry is SchemaRegistry.builtin():
        _BUILTIN_NAMES.append(frozenset(names))
    return names


def secret_values(value, names, inside=False):
    """The strings under which the values the task gives for schema-encrypted attributes could
    appear in a result, at any nesting of the task's arguments (dicts, lists, numbers, bools).

    Why: a password written as a YAML number (``password: 77317731``), as a list, or inside a
    collection item or a nested child element is no less a secret; ``str()`` is how such a value
    reaches a message or a command. Any key naming an encrypted attribute marks everything below
    it. Booleans are masked where they stand (mask_secret_keys) but are not added here: removing
    every "true" from the result text would destroy it, and a boolean reaches the configuration
    only through an attribute the plan already masks by name."""
    found = set()
    if isinstance(value, dict):
        for key, item in value.items():
            found |= secret_values(item, names, inside or str(key).lower() in names)
    elif isinstance(value, (list, tuple, set)):
        for item in value:
            found |= secret_values(item, names, inside)
    elif inside and value is not None and not isinstance(value, bool):
        text = value if isinstance(value, str) else str(value)
        if text:
            found.add(text)
            if isinstance(value, float) and value.is_integer():
                found.add(str(int(value)))
    return found


def mask_secret_keys(value, names):
    """A copy of ``value`` in which whatever stands under a key naming a schema-encrypted
    attribute, at any depth and of any type, is replaced by the no_log mask."""
    if isinstance(value, dict):
        return dict((key, NO_LOG_MASK if str(key).lower() in names and item is not None else mask_secret_keys(item, names))
                    for key, item in value.items())
    if isinstance(value, list):
        return [mask_secret_keys(item, names) for item in value]
    return value


class FeatureFailure(Exception):
    """Raised by a feature to fail the task with a message and extra result keys (nothing is
    written)."""

    def __init__(self, message, **result):
        super(FeatureFailure, self).__init__(message)
        self.result = result


class IISActionBase(ActionBase):
    """Base class of the collection's action plugins. Subclasses set ``feature``."""

    feature = None
    TRANSFERS_FILES = False
    _VALID_ARGS = None

    def host_for(self, params, task_vars):
        """The host whose configuration the task manages."""
        root = params.get('offline_root') or task_vars.get('iis_offline_root')
        if root:
            return OfflineHost(self._templar.template(root) if isinstance(root, str) else root)
        from ansible_collections.webadmin.iis.plugins.plugin_utils.windows_host import WindowsHost
        return WindowsHost(self, task_vars, params)

    @staticmethod
    def _shown_args(spec, params):
        """The validated arguments as modules report them, with no_log options masked."""
        shown = {}
        for name, value in params.items():
            option = spec.get(name) or {}
            if option.get('no_log') and value is not None:
                shown[name] = 'VALUE_SPECIFIED_IN_NO_LOG_PARAMETER'
            elif isinstance(value, list) and option.get('options'):
                shown[name] = [IISActionBase._shown_args(option['options'], v) if isinstance(v, dict) else v for v in value]
            elif isinstance(value, dict) and option.get('options'):
                shown[name] = IISActionBase._shown_args(option['options'], value)
            else:
                shown[name] = value
        return shown

    def validate_argument_spec(self, argument_spec=None, **kwargs):
        """ActionBase's validation, with IIS's own spelling of IIS enums accepted (see
        plugin_utils/option_spelling.py) and errors naming the module as users write it."""
        original_args, load_name = self._task.args, self._load_name
        self._task.args = iis_enum_spelling(original_args, argument_spec or {}, getattr(self.feature, 'IIS_ENUM_OPTIONS', ()))
        self._load_name = module_fqcn(self.feature) or load_name
        try:
            return super(IISActionBase, self).validate_argument_spec(argument_spec=argument_spec, **kwargs)
        finally:
            self._task.args, self._load_name = original_args, load_name

    def run(self, tmp=None, task_vars=None):
        task_vars = task_vars or {}
        result = super(IISActionBase, self).run(tmp, task_vars)
        if not iis_document.HAS_LXML:
            raise AnsibleActionFail(missing_required_lib('lxml'), orig_exc=None)
        spec = self.feature.ARGUMENT_SPEC
        _validation, params = self.validate_argument_spec(argument_spec=spec, **getattr(self.feature, 'SPEC_KWARGS', {}))
        check_mode = bool(self._task.check_mode)
        # Masked by schema before anything can fail: the built-in schema's encrypted attributes
        # now, the host's own schema (which may define more) once it has been read.
        names = encrypted_attribute_names(SchemaRegistry.builtin())
        result['invocation'] = {'module_args': mask_secret_keys(self._shown_args(spec, params), names)}
        with cyclic_gc_paused():
            plan = self._run_feature(params, task_vars, result, check_mode)
        if not result.get('warnings'):
            result.pop('warnings', None)
        if plan is not None:
            try:
                host_names = encrypted_attribute_names(plan.manager.schema)
            except USER_ERRORS:
                host_names = set()
            if host_names - names:
                names |= host_names
                result['invocation'] = {'module_args': mask_secret_keys(self._shown_args(spec, params), names)}
        # Safety net like AnsibleModule.exit_json: values of no_log options and of
        # schema-encrypted attributes never leave the task, whatever text (error message,
        # warning, command) they might have reached. (With none to remove, walking a report of
        # thousands of sites would only cost time.)
        secrets = set(_validation._no_log_values) | getattr(plan, 'no_log_values', set())
        secrets |= secret_values(params, names) | secret_values(dict(self._task.args), names)
        return remove_values(result, secrets) if secrets else result

    def _run_feature(self, params, task_vars, result, check_mode):
        """Host, ServerManager, Plan, feature, validation, apply: fills ``result``, returns the
        plan (None when it could not be built)."""
        plan = None
        try:
            host = self.host_for(params, task_vars)
            if params.get('backend') == 'auto':
                # Decided once here, so features (secret handling) and hosts agree on it.
                params['backend'] = 'appcmd' if host.kind == 'windows' else 'file'
            manager = ServerManager(host)
            plan = Plan(manager)
            extra = self.feature.desired_state(plan, params) or {}
            # Changes a host makes outside the configuration files (http.sys bindings on a Windows
            # host) are applied by the same host.apply() call, so they count as changes too.
            host_changes = list(host.pending_changes()) if hasattr(host, 'pending_changes') else []
            # Serialising a document is the costly part of a task on a big file: ask once.
            documents = manager.changed_documents()
            # A section IIS would reject (HTTP 500.19: defined twice for one path, a duplicate
            # collection key) is never written, even when the problem was already there: the
            # change would not take effect.
            problems = manager.validate_sections(plan.edited_sections()) if documents else []
            if problems:
                raise ConfigError('IIS would reject the changed configuration, so nothing was written; fix the file first: %s'
                                  % '; '.join(problems))
            changed = (bool(plan.operations) and bool(documents)) or bool(host_changes)
            result.update(changed=changed, plan=plan.describe(), changes=plan.changes(), commands=plan.commands() + host_changes,
                          files=[doc.path for doc in documents], warnings=list(plan.warnings))
            if self._task.diff and changed:
                result['diff'] = plan.diffs()
            if changed and not check_mode:
                applied = dict(host.apply(plan, params))
                # A host's warnings (e.g. stale temp files it removed) add to the plan's.
                result['warnings'].extend(applied.pop('warnings', None) or [])
                result.update(applied)
            after = getattr(self.feature, 'report', None)
            if after is not None:
                extra.update(after(plan, params))
            result.update(extra)
        except FeatureFailure as exc:
            result.update(exc.result)
            result.update(failed=True, msg=str(exc), changed=False)
        except USER_ERRORS as exc:
            # module_utils cannot import FeatureFailure: a ConfigError may carry extra result
            # keys (what the user needs to fix) in its ``result`` attribute.
            result.update(getattr(exc, 'result', None) or {})
            result.update(failed=True, msg=str(exc), changed=False)
        return plan
