# Copyright: (c) 2026, webadmin.iis contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Plans: desired state -> operations -> documents / appcmd lines / diffs; empty when done."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ansible_collections.webadmin.iis.plugins.module_utils.config_system import ConfigError, ServerManager
from ansible_collections.webadmin.iis.plugins.module_utils.offline import OfflineHost
from ansible_collections.webadmin.iis.plugins.module_utils.plan import Plan

APPCMD = '%windir%\\system32\\inetsrv\\appcmd.exe '
BROWSE = 'system.webServer/directoryBrowse'
MODULES = 'system.webServer/modules'
DEFDOC = 'system.webServer/defaultDocument'
FILTERING = 'system.webServer/security/requestFiltering'
ACCESS = 'system.webServer/security/access'
CERTMAP = 'system.webServer/security/authentication/iisClientCertificateMappingAuthentication'
SITE = 'Default Web Site'
EXAMPLE_HOST = Path(__file__).resolve().parents[4] / 'examples' / 'offline-host'


def fresh(root):
    manager = ServerManager(OfflineHost(str(root)))
    return manager, Plan(manager)


def apply(root, plan):
    return OfflineHost(str(root)).apply(plan, {})


# ---------------------------------------------------------------------------------------------
# Golden appcmd lines, applied documents, second run
# ---------------------------------------------------------------------------------------------

def desired_state(plan):
    """One of each operation kind against the small host of conftest.MINI_APPHOST."""
    plan.set_attributes(BROWSE, 'Site', {'enabled': True, 'showFlags': 'time, DATE'})
    plan.ensure_item(MODULES, 'Site', {'name': 'M 1', 'type': 'T.A, A'})
    plan.remove_item(MODULES, 'Site/app', {'name': 'ServerMod'})
    plan.clear_collection(DEFDOC, 'Site', ('files',))
    plan.ensure_item(DEFDOC, 'Site', {'value': 'first.htm'}, ('files',))
    plan.set_override_mode(ACCESS, 'Site', 'Allow')
    plan.set_attributes(FILTERING, 'Site', {'maxUrl': '1024'}, ('requestLimits',))


GOLDEN_COMMANDS = [
    APPCMD + 'set config Site -section:system.webServer/directoryBrowse /enabled:true /showFlags:Date,Time',
    APPCMD + 'set config Site -section:system.webServer/modules "/+[name=\'M 1\',type=\'T.A, A\']" /commit:apphost',
    APPCMD + "set config Site/app -section:system.webServer/modules /-[name='ServerMod'] /commit:apphost",
    APPCMD + 'set config Site -section:system.webServer/defaultDocument /~files',
    APPCMD + "set config Site -section:system.webServer/defaultDocument /+files.[value='first.htm']",
    APPCMD + 'unlock config Site -section:system.webServer/security/access /commit:apphost',
    APPCMD + 'set config Site -section:system.webServer/security/requestFiltering /requestLimits.maxUrl:1024',
]


def test_operations_render_golden_appcmd_lines(mini_host):
    _manager, plan = fresh(mini_host)
    desired_state(plan)
    assert plan.commands() == GOLDEN_COMMANDS
    assert [type(op).__name__ for op in plan.operations] == [
        'SetAttributes', 'AddItem', 'RemoveItem', 'ClearCollection', 'AddItem', 'SetOverrideMode', 'SetAttributes']


def test_plan_applies_to_the_right_files_and_is_empty_the_second_time(mini_host):
    manager, plan = fresh(mini_host)
    desired_state(plan)
    assert sorted(doc.path for doc in manager.changed_documents()) == [
        '%SystemDrive%\\inetpub\\site\\web.config', '%windir%\\System32\\inetsrv\\config\\applicationHost.config']
    apply(mini_host, plan)
    site_config = (mini_host / 'inetpub' / 'site' / 'web.config').read_text()
    assert '<directoryBrowse enabled="true" showFlags="Date,Time" />' in site_config
    assert '<clear />\n                <add value="first.htm" />' in site_config
    apphost = (mini_host / 'Windows' / 'System32' / 'inetsrv' / 'config' / 'applicationHost.config').read_text()
    assert '<location path="Site/app">\n        <system.webServer>\n            <modules>\n' \
           '                <remove name="ServerMod" />' in apphost
    assert '<location path="Site" overrideMode="Allow">' in apphost
    manager, plan = fresh(mini_host)
    desired_state(plan)
    assert plan.operations == [] and plan.commands() == [] and manager.changed_documents() == []
    assert manager.override_mode(ACCESS, 'Site')[0] == 'Allow'
    assert manager.effective_collection(DEFDOC, 'Site', ('files',)).keys() == [('first.htm',)]
    assert manager.effective_collection(MODULES, 'Site/app').find(('ServerMod',)) is None
    assert manager.validate() == []


def test_values_equal_after_normalisation_are_not_changes(mini_host):
    manager, plan = fresh(mini_host)
    plan.set_attributes(BROWSE, 'Site', {'enabled': 'False', 'showFlags': 'extension,size,TIME,date'})
    assert plan.operations == [] and manager.changed_documents() == []


def test_override_mode_deny_and_inherit(mini_host):
    manager, plan = fresh(mini_host)
    plan.set_override_mode('system.webServer/directoryBrowse', 'Site', 'Deny')
    assert plan.commands() == [APPCMD + 'lock config Site -section:system.webServer/directoryBrowse /commit:apphost']
    assert manager.override_mode(BROWSE, 'Site/app')[0] == 'Deny'
    assert manager.write_target(BROWSE, 'Site/app').is_apphost
    plan.set_override_mode(BROWSE, 'Site', 'Inherit')
    assert plan.commands()[-1].startswith('# not expressible with appcmd')
    assert manager.override_mode(BROWSE, 'Site/app')[0] == 'Allow'
    with pytest.raises(ConfigError, match='Allow, Deny or Inherit'):
        plan.set_override_mode(BROWSE, 'Site', 'Open')


def test_ensure_item_position_and_update_in_place(mini_host):
    manager, plan = fresh(mini_host)
    plan.ensure_item(DEFDOC, '', {'value': 'c.htm'}, ('files',), position='first')
    assert manager.effective_collection(DEFDOC, '', ('files',)).keys() == [('c.htm',), ('a.htm',), ('b.htm',)]
    assert plan.commands()[-1] == APPCMD + "set config -section:system.webServer/defaultDocument /+files.[@start,value='c.htm'] /commit:apphost"
    plan.ensure_item(MODULES, '', {'name': 'ServerMod', 'type': 'New.Type'})
    assert plan.operations[-1].describe().startswith('set system.webServer/modules/[name=\'ServerMod\'] type="New.Type"')
    assert manager.effective_collection(MODULES, '').find(('ServerMod',)).attributes['type'] == 'New.Type'


def test_inherited_item_with_other_values_is_replaced_below(mini_host):
    manager, plan = fresh(mini_host)
    plan.ensure_item(MODULES, 'Site', {'name': 'ServerMod', 'type': 'Site.Type'})
    assert [op.describe().split(' (')[0] for op in plan.operations] == [
        "add <remove> for inherited system.webServer/modules entry [name='ServerMod']",
        'add system.webServer/modules entry name="ServerMod", type="Site.Type"']
    assert manager.effective_collection(MODULES, '').find(('ServerMod',)).attributes == {'name': 'ServerMod'}
    assert manager.effective_collection(MODULES, 'Site').find(('ServerMod',)).attributes['type'] == 'Site.Type'


def test_appcmd_refuses_values_it_cannot_express(mini_host):
    manager, plan = fresh(mini_host)
    plan.ensure_item(MODULES, 'Site', {'name': "O'Brien", 'type': 'T'})
    assert plan.commands() == ["# not expressible with appcmd: appcmd cannot express the value \"O'Brien\" of name: "
                               "its collection syntax has no escape for a single quote"]
    # the file backend has no such limit
    assert manager.effective_collection(MODULES, 'Site').find(("O'Brien",)) is not None


def test_secrets_are_masked_in_commands_descriptions_and_diffs(example_host):
    _manager, plan = fresh(example_host)
    plan.ensure_item(CERTMAP, SITE, {'name': 'm1', 'userName': 'CONTOSO\\svc', 'password': 'p@ss w0rd"'},
                     element_path=('manyToOneMappings',))
    text = ' '.join(plan.commands() + plan.describe()) + repr(plan.diffs())
    assert 'p@ss w0rd' not in text and '********' in text
    assert "password='********'" in plan.commands()[0]
    apply(example_host, plan)
    assert 'password="p@ss w0rd&quot;"' in (example_host / 'Windows/System32/inetsrv/config/applicationHost.config').read_text()


def test_diffs_show_only_the_touched_lines(example_host):
    _manager, plan = fresh(example_host)
    plan.set_attributes(BROWSE, '', {'enabled': True})
    diffs = plan.diffs()
    assert len(diffs) == 1 and diffs[0]['before_header'].endswith('applicationHost.config')
    before, after = diffs[0]['before'].splitlines(), diffs[0]['after'].splitlines()
    assert len(before) == len(after)
    assert [(b, a) for b, a in zip(before, after) if b != a] == [
        ('        <directoryBrowse enabled="false" />', '        <directoryBrowse enabled="true" />')]


# ---------------------------------------------------------------------------------------------
# Property: apply(plan(desired, state)) then plan(desired) again is empty
# ---------------------------------------------------------------------------------------------

LOCATIONS = ['', SITE, SITE + '/legacy', SITE + '/legacy/reports']
FLAGS = ['Date', 'Time', 'Size', 'Extension', 'LongDate']


def _copy_example():
    work = tempfile.mkdtemp(prefix='webadmin-iis-prop-')
    root = Path(work) / 'host'
    shutil.copytree(str(EXAMPLE_HOST), str(root), copy_function=shutil.copyfile)
    (root / 'inetpub' / 'legacy' / 'reports').mkdir()
    return work, root


flag_text = st.lists(st.sampled_from(FLAGS), unique=True).flatmap(
    lambda flags: st.tuples(st.permutations(flags), st.lists(st.booleans(), min_size=len(flags), max_size=len(flags)),
                            st.sampled_from([',', ', ', ' ,'])).map(
        lambda t: t[2].join(f.upper() if up else f.lower() for f, up in zip(t[0], t[1]))))

browse_attrs = st.fixed_dictionaries({}, optional={
    'enabled': st.sampled_from([True, False, 'true', 'False']),
    'showFlags': flag_text,
})
filtering_attrs = st.fixed_dictionaries({}, optional={
    'allowDoubleEscaping': st.booleans(),
    'allowHighBitCharacters': st.booleans(),
    'removeServerHeader': st.booleans(),
})
limits_attrs = st.fixed_dictionaries({}, optional={
    'maxUrl': st.integers(min_value=1, max_value=2 ** 32 - 1),
    'maxQueryString': st.integers(min_value=1, max_value=65536).map(str),
})
statements = st.lists(st.tuples(st.sampled_from(LOCATIONS),
                                st.sampled_from([(BROWSE, (), browse_attrs), (FILTERING, (), filtering_attrs),
                                                 (FILTERING, ('requestLimits',), limits_attrs)]).flatmap(
                                    lambda s: s[2].map(lambda attrs: (s[0], s[1], attrs)))),
                      min_size=1, max_size=6)


def _in_top_down_order(items):
    """Later statements about an ancestor would change what a descendant inherits, so a desired
    state is stated from the server down (stable within a level)."""
    return sorted(items, key=lambda item: LOCATIONS.index(item[0]))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(statements)
def test_attributes_idempotent(statements_drawn):
    # one desired state: statements about the same element merge, the later value wins
    merged = {}
    for location, (section, path, attrs) in statements_drawn:
        merged.setdefault((location, section, path), {}).update(attrs)
    desired = _in_top_down_order([(loc, (section, path, attrs)) for (loc, section, path), attrs in merged.items()])
    work, root = _copy_example()
    try:
        def run():
            manager, plan = fresh(root)
            for location, (section, path, attrs) in desired:
                plan.set_attributes(section, location, attrs, element_path=path)
            return manager, plan
        manager, plan = run()
        apply(root, plan)
        manager, plan = run()
        assert plan.operations == [], plan.describe()
        assert manager.changed_documents() == []
        # and every desired value is effective now (lower levels never change higher ones)
        for location, (section, path, attrs) in desired:
            schema = manager.element_schema(section, path)
            effective = manager.effective_element(section, location, path)
            for name, value in schema.normalize_attributes(attrs).items():
                assert schema.attribute(name).equals(effective[name].value, value)
    finally:
        shutil.rmtree(work)


MODULE_NAMES = ['ModA', 'ModB', 'Session', 'OutputCache', 'UrlRoutingModule-4.0']
module_statements = st.lists(
    st.tuples(st.sampled_from(LOCATIONS[:3]), st.sampled_from(MODULE_NAMES),
              st.one_of(st.none(), st.sampled_from(['T.A, A', 'T.B, B']))),
    min_size=1, max_size=8)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(module_statements)
def test_module_add_remove_idempotent(sequence):
    """Each statement says "module X is present with type T" (or absent, type None) at a
    location; the last statement per (location, module) wins."""
    final = {}
    for location, name, type_ in sequence:
        final[(location, name)] = type_
    desired = _in_top_down_order([(loc, name, type_) for (loc, name), type_ in final.items()])
    work, root = _copy_example()
    try:
        def run():
            manager, plan = fresh(root)
            for location, name, type_ in desired:
                if type_ is None:
                    plan.remove_item(MODULES, location, {'name': name})
                else:
                    plan.ensure_item(MODULES, location, {'name': name, 'type': type_})
            return manager, plan
        manager, plan = run()
        apply(root, plan)
        manager, plan = run()
        assert plan.operations == [], plan.describe()
        for location, name, type_ in desired:
            item = manager.effective_collection(MODULES, location).find((name,))
            assert (item is None) if type_ is None else (item.attributes.get('type') == type_)
        assert manager.validate() == []
    finally:
        shutil.rmtree(work)
