#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, webadmin.iis contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
module: iis_ssl_client_cert
short_description: Require (or accept) TLS client certificates for an IIS site or application, end to end
version_added: 0.1.0
description:
  - Configures TLS client-certificate authentication for a site or a sub-application in one idempotent task, in the
    order IIS needs it. The guide C(docs/tls_client_certificates.md) walks through the whole flow with examples.
  - B(1. Binding.) The site gets an C(https) binding (C(*:443:) by default, C(ip:port:host) in general). An existing
    binding is recognised as IIS compares bindings (C(:443:) is C(*:443:), host names are case-insensitive, IPv6
    addresses are compared as addresses), however the file spells it. Its C(sslFlags) are kept; only O(binding.sni)
    changes the SNI bit. A new binding that shares its http.sys endpoint (ip, port, host) with a binding of another
    site (or with an http binding) is refused, naming that site and binding.
  - B(2. Protocols.) C(https) is added to the C(enabledProtocols) of the application that serves the path (its
    effective value, which may come from C(applicationDefaults), is the starting point).
  - B(3. SSL settings.) C(system.webServer/security/access/@sslFlags) is set at the site or sub-application from
    O(require_ssl), O(client_certificate) and O(ssl128). The section is locked on a stock server, so it is written
    in applicationHost.config under C(<location path="Site[/app]">), like C(appcmd ... /commit:apphost).
  - B(4. Mapping.) Optionally the certificate-to-account mapping (Active Directory, or IIS one-to-one and many-to-one
    mappings) and anonymous authentication at the same path.
  - B(5. Sub-applications.) Every path below (applications, and C(<location>) tags of applicationHost.config) whose
    effective settings are weaker than requested is reported in RV(weaker_children); O(enforce_children) removes
    the overrides that weaken it and O(lock_children) locks the sections for web.config files.
  - The certificate binding in http.sys (thumbprint, store, C(clientcertnegotiation)) exists only on a running
    Windows host; this module computes the C(netsh) command (RV(http_sys)) and reports it as not applicable.
  - Only what differs from the effective configuration is changed; a second run reports no change.
author:
  - webadmin.iis maintainers (@webadmin)
requirements:
  - lxml (Python, on the controller or in the execution environment)
  - pywinrm (for C(ansible_connection=winrm)) or pypsrp (for C(ansible_connection=psrp)), only for live Windows hosts
extends_documentation_fragment:
  - webadmin.iis.target
options:
  site:
    description:
      - Name of the site, as in applicationHost.config (case-insensitive).
    type: str
    required: true
  application:
    description:
      - Path below the site to configure instead of the whole site, for example V(/api). Usually an application;
        a virtual directory or folder works too (C(enabledProtocols) then changes on the application serving it).
      - Empty for the site itself. Settings at the site are inherited by every application below it unless it
        overrides them; see O(enforce_children).
    type: str
    default: ''
  require_ssl:
    description:
      - Require TLS (C(sslFlags) C(Ssl)); plain http requests get HTTP 403.4.
    type: bool
    default: true
  client_certificate:
    description:
      - The IIS Manager "Client certificates" choice.
      - V(ignore) adds no flag; V(accept) adds C(SslNegotiateCert) (a certificate is asked for, requests without one
        still pass); V(require) adds C(SslNegotiateCert) and C(SslRequireCert) (requests without a valid client
        certificate get HTTP 403.7).
    type: str
    choices: [ignore, accept, require]
    default: require
  ssl128:
    description:
      - Also require 128-bit encryption (C(sslFlags) C(Ssl128)); every modern cipher suite satisfies it.
    type: bool
    default: false
  binding:
    description:
      - The site's https binding. When omitted, C(*:443:) without host name is ensured.
    type: dict
    suboptions:
      manage:
        description:
          - Set to V(false) to leave the site's bindings alone (for example when another task or module owns them).
          - RV(http_sys) is still computed from the other suboptions.
        type: bool
        default: true
      port:
        description: TCP port of the binding.
        type: int
        default: 443
      ip:
        description:
          - IP address of the binding, V(*) (or empty) for all unassigned addresses. IPv6 addresses may be given with or
            without brackets, without a zone id (C(%eth0)); checked with Python's C(ipaddress).
        type: str
        default: '*'
      host_name:
        description:
          - Host header of the binding. Empty for none. DNS labels (letters, digits, hyphens), optionally after a leading
            C(*.) wildcard (IIS 10); no spaces, C(:) or C(/).
          - Whether the certificate is then chosen by host name is O(binding.sni), not the host name itself.
        type: str
        default: ''
      sni:
        description:
          - The binding's SNI bit (C(sslFlags) 1, "Require Server Name Indication" in IIS Manager). With SNI and a host
            name, http.sys looks the certificate up by C(hostname:port), otherwise by C(ip:port).
          - V(true) sets the bit (it needs O(binding.host_name)), V(false) clears it; every other C(sslFlags) bit is
            kept.
          - When omitted, an existing binding keeps its flags as they are (changing the bit moves the certificate lookup
            and breaks TLS for a site that worked), and a new binding is created without SNI, as IIS Manager and
            C(New-WebBinding) do; a new binding with a host name and no SNI gets a warning.
        type: bool
      certificate_thumbprint:
        description:
          - SHA-1 thumbprint of the server certificate, exactly 40 hexadecimal digits without spaces.
          - Used only for the http.sys command in RV(http_sys); applicationHost.config does not hold it.
        type: str
      certificate_store:
        description:
          - Local-machine certificate store of the server certificate (V(My), V(WebHosting), ...), made of letters, digits
            and underscores.
        type: str
        default: My
      negotiate_client_certificate:
        description:
          - Whether http.sys asks for the client certificate during the TLS handshake (C(clientcertnegotiation=enable)).
          - With TLS 1.3 this is required for O(client_certificate=accept) and O(client_certificate=require),
            because TLS 1.3 has no renegotiation, so IIS cannot ask for the certificate later and clients are reset or get
            HTTP 500.
          - Defaults to V(true) unless O(client_certificate=ignore).
        type: bool
  enabled_protocols:
    description:
      - The exact list of enabled protocols of the application serving the path; must contain V(https).
      - When omitted, V(https) is added to the current effective list and the other protocols are kept.
    type: list
    elements: str
  mapping:
    description:
      - How a client certificate becomes a Windows account at this path.
      - V(active_directory) enables C(clientCertificateMappingAuthentication) (the domain maps certificates to
        accounts) and disables the IIS mapping.
      - V(iis) enables C(iisClientCertificateMappingAuthentication) with the O(one_to_one) and O(many_to_one)
        mappings and disables the Active Directory mapping.
      - V(none) disables both. When omitted, the mapping configuration is left as it is.
      - A mapping that could not work is an error and nothing is written. V(iis) needs the native module
        C(IISCertificateMappingAuthenticationModule) (Windows feature C(Web-Cert-Auth), IIS Client Certificate Mapping
        Authentication), V(active_directory) needs C(CertificateMappingAuthenticationModule) (C(Web-Client-Auth),
        Client Certificate Mapping Authentication), installed (in C(system.webServer/globalModules)) and enabled (in the
        effective C(system.webServer/modules) at this path), and the section declared in C(configSections). The
        message says which of these is missing. A task earlier in the same play that registers the module (for
        example M(webadmin.iis.iis_module) with O(webadmin.iis.iis_module#module:image) and
        O(webadmin.iis.iis_module#module:state=present)) satisfies the check. Sub-applications that remove the module
        again are reported as warnings.
    type: str
    choices: [none, active_directory, iis]
  one_to_one:
    description:
      - IIS one-to-one mappings (O(mapping=iis)), one client certificate for one account.
      - C(oneToOneCertificateMappingsEnabled) is set to V(true) when the list has entries and V(false) when it is
        empty; when omitted, it and the mappings are left alone.
    type: list
    elements: dict
    suboptions:
      certificate:
        description:
          - The client certificate, as PEM (one C(BEGIN CERTIFICATE) block) or base64 DER. It is stored the way IIS
            wants it, as one line of base64 without headers; an existing entry with the same certificate written
            differently is recognised.
        type: str
        required: true
      user_name:
        description: Windows account the certificate maps to (C(DOMAIN\user) or a local account).
        type: str
        required: true
      password:
        description:
          - Password of the account. Never shown in results, diffs or logs. See O(update_password) and
            O(allow_plaintext_secrets).
        type: str
      enabled:
        description: Whether the mapping is active.
        type: bool
        default: true
  many_to_one:
    description:
      - IIS many-to-one mappings (O(mapping=iis)), where every certificate whose fields match all rules maps to one account
        (or is denied).
      - C(manyToOneCertificateMappingsEnabled) follows the list like O(one_to_one).
    type: list
    elements: dict
    suboptions:
      name:
        description: Unique name of the mapping.
        type: str
        required: true
      description:
        description: Free text.
        type: str
      user_name:
        description: Windows account matching certificates map to (not needed for O(many_to_one[].permission=deny)).
        type: str
      password:
        description: Password of the account; never shown. See O(update_password).
        type: str
      permission:
        description: V(allow) maps matching certificates to the account; V(deny) rejects them.
        type: str
        choices: [allow, deny]
        default: allow
      enabled:
        description: Whether the mapping is active.
        type: bool
        default: true
      rules:
        description:
          - Conditions that must all match. The rules of each listed mapping are exactly these (others are removed).
        type: list
        elements: dict
        default: []
        suboptions:
          certificate_field:
            description: Whether to look at the certificate's subject or issuer.
            type: str
            required: true
            choices: [subject, issuer]
          certificate_sub_field:
            description: Part of the distinguished name, for example V(O), V(OU), V(CN).
            type: str
            required: true
          match_criteria:
            description: Value to match; C(*) is a wildcard.
            type: str
            required: true
          compare_case_sensitive:
            description: Whether the comparison is case-sensitive.
            type: bool
            default: true
  exclusive_mappings:
    description:
      - Remove every effective one-to-one (when O(one_to_one) is given) or many-to-one (when O(many_to_one) is given)
        mapping that is not listed.
    type: bool
    default: false
  update_password:
    description:
      - V(on_create) writes a mapping's password only when the mapping is created; an existing mapping's password is
        never compared. IIS stores passwords encrypted with keys of the host (C([enc:...:enc])), which the controller
        cannot decrypt or reproduce, so a comparison would report a change on every run.
      - V(always) compares the password too and rewrites it when it differs. A password IIS holds encrypted always
        differs, so with V(always) the task reports a change on every run for such mappings (like
        M(ansible.builtin.user) with C(update_password=always)).
    type: str
    choices: [always, on_create]
    default: on_create
  anonymous_authentication:
    description:
      - Enable or disable anonymous authentication at the same path. Usually V(false) together with a mapping, so
        that every request is authenticated by its certificate. When omitted it is left alone.
    type: bool
  enforce_children:
    description:
      - Remove the overrides that make a path below weaker than requested (see RV(weaker_children)).
      - Only the offending attributes are removed (C(sslFlags), C(enabled)); a section override that holds nothing
        else is removed whole, and so is an IIS-mapping section that changes the mapping lists below the path.
    type: bool
    default: false
  lock_children:
    description:
      - Lock the managed sections at the path (C(<location path="..." overrideMode="Deny">)), so that no web.config
        at or below it can weaken them later. Needs O(enforce_children=true).
      - Fails when a web.config at or below the path still defines one of them, because IIS would then answer
        requests there with HTTP 500.19.
    type: bool
    default: false
  allow_plaintext_secrets:
    description:
      - IIS keeps mapping passwords encrypted with the host's keys, which only appcmd on the host can produce. With the
        file backend a task that would write a password is refused unless this is V(true); then the password is
        written in clear text (IIS reads it) and a warning says so.
    type: bool
    default: false
notes:
  - Passwords are C(no_log); results, plan text, commands and diffs show them as C(********).
  - On a Windows host the certificate binding of http.sys must exist as well; see RV(http_sys).
seealso:
  - module: webadmin.iis.iis_config
  - name: Access security (sslFlags)
    description: The IIS configuration reference for C(system.webServer/security/access).
    link: https://learn.microsoft.com/iis/configuration/system.webserver/security/access
  - name: IIS client certificate mapping authentication
    description: The IIS configuration reference for C(iisClientCertificateMappingAuthentication).
    link: https://learn.microsoft.com/iis/configuration/system.webserver/security/authentication/iisclientcertificatemappingauthentication/
attributes:
  check_mode:
    description: Plans and reports every change (including RV(weaker_children) and RV(http_sys)); no file is written.
    support: full
  diff_mode:
    description: Shows the before and after of each changed configuration file, passwords masked.
    support: full
'''

EXAMPLES = r'''
- name: Require client certificates for a whole site (binding, protocols, sslFlags)
  webadmin.iis.iis_ssl_client_cert:
    site: Default Web Site

- name: Accept (not require) client certificates on one application behind an SNI binding
  webadmin.iis.iis_ssl_client_cert:
    site: Default Web Site
    application: /portal
    client_certificate: accept
    binding:
      host_name: portal.example.com
      sni: true
      certificate_thumbprint: 0123456789ABCDEF0123456789ABCDEF01234567

- name: Map certificates through Active Directory, no anonymous access, fix weaker applications and lock
  webadmin.iis.iis_ssl_client_cert:
    site: Default Web Site
    mapping: active_directory
    anonymous_authentication: false
    enforce_children: true
    lock_children: true

- name: IIS many-to-one mapping - everyone with a certificate of O=Contoso,OU=Clients is CONTOSO\svc-web
  webadmin.iis.iis_ssl_client_cert:
    site: Default Web Site
    mapping: iis
    anonymous_authentication: false
    many_to_one:
      - name: Contoso clients
        user_name: CONTOSO\svc-web
        password: "{{ vault_svc_web_password }}"
        rules:
          - certificate_field: subject
            certificate_sub_field: O
            match_criteria: Contoso
          - certificate_field: subject
            certificate_sub_field: OU
            match_criteria: Clients
    backend: appcmd

- name: IIS one-to-one mapping from a PEM file; only the listed mappings remain
  webadmin.iis.iis_ssl_client_cert:
    site: Default Web Site
    mapping: iis
    one_to_one:
      - certificate: "{{ lookup('ansible.builtin.file', 'certs/alice.pem') }}"
        user_name: CONTOSO\alice
        password: "{{ vault_alice_password }}"
    exclusive_mappings: true
    backend: appcmd

- name: Report weaker sub-applications without changing anything
  webadmin.iis.iis_ssl_client_cert:
    site: Default Web Site
  check_mode: true
  register: tls

- name: Show them
  ansible.builtin.debug:
    msg: "{{ tls.weaker_children | map(attribute='location') | list }}"
'''

RETURN = r'''
plan:
  description: The changes, in words, in the order they are applied (passwords masked).
  returned: always
  type: list
  elements: str
  sample: ['set system.webServer/security/access sslFlags="Ssl,SslNegotiateCert,SslRequireCert" (... <location path="Default Web Site">)']
commands:
  description: The equivalent appcmd.exe command lines (passwords masked). The http.sys command is in RV(http_sys).
  returned: always
  type: list
  elements: str
  sample: ['%windir%\system32\inetsrv\appcmd.exe set config "Default Web Site" -section:system.webServer/security/access
            /sslFlags:Ssl,SslNegotiateCert,SslRequireCert /commit:apphost']
files:
  description: Configuration files the task changed (or would change in check mode).
  returned: always
  type: list
  elements: str
location:
  description: The configuration path that was configured (C(Site) or C(Site/app)).
  returned: success
  type: str
  sample: Default Web Site
binding:
  description: The https binding ensured on the site.
  returned: success and O(binding.manage=true)
  type: dict
  sample: {"protocol": "https", "binding_information": "*:443:portal.example.com", "ssl_flags": 1, "sni": true}
http_sys:
  description:
    - The http.sys certificate binding for the https binding. C(applicable) is V(false) here; C(command) is the
      C(netsh) command a Windows host would run (built from validated parts with Windows argument quoting), or
      V(null) without O(binding.certificate_thumbprint).
    - C(ipport) or C(hostnameport) names the http.sys endpoint.
  returned: success
  type: dict
  sample:
    applicable: false
    reason: "offline target: http.sys certificate bindings exist only on a running Windows host"
    hostnameport: portal.example.com:443
    client_certificate_negotiation: true
    argv: [netsh, http, add, sslcert, "hostnameport=portal.example.com:443", "certhash=0123456789ABCDEF0123456789ABCDEF01234567",
           "appid={4dc3e181-e14b-4a21-b022-59fc669b0914}", certstorename=My, clientcertnegotiation=enable]
    command: "netsh http add sslcert hostnameport=portal.example.com:443 certhash=0123456789ABCDEF0123456789ABCDEF01234567
              appid={4dc3e181-e14b-4a21-b022-59fc669b0914} certstorename=My clientcertnegotiation=enable"
weaker_children:
  description:
    - Paths at or below the configured one whose effective settings were weaker than requested before this task
      (sslFlags missing a requested flag, the requested mapping disabled, anonymous authentication enabled again,
      mapping lists changed below), with the reasons and whether the task fixed them (O(enforce_children)).
    - The configured path itself appears when a web.config there overrides applicationHost.config.
  returned: success
  type: list
  elements: dict
  sample: [{"location": "Default Web Site/legacy", "fixed": true,
            "reasons": ['sslFlags is "None" (from applicationHost.config <location path="Default Web Site/legacy">): lacks
                         Ssl, SslNegotiateCert, SslRequireCert']}]
effective:
  description:
    - Effective settings after the task at the site and at each sub-application (and at O(application) when it is not
      an application), each with the file and location it comes from. Passwords are C(********) (with
      C(password_encrypted) telling whether IIS holds it encrypted); one-to-one certificates are shown by thumbprint.
  returned: success
  type: list
  elements: dict
  sample:
    - location: Default Web Site
      application: Default Web Site
      enabled_protocols: {"value": "http,https", "source": "application /"}
      ssl_flags: {"value": "Ssl,SslNegotiateCert,SslRequireCert", "source": "applicationHost.config <location path=\"Default Web Site\">"}
      require_ssl: true
      client_certificate: require
      ssl128: false
      access_override_mode: Deny
      anonymous_authentication: {"enabled": false, "source": "applicationHost.config <location path=\"Default Web Site\">"}
      active_directory_mapping: {"enabled": false, "source": "applicationHost.config"}
      iis_mapping:
        enabled: true
        source: applicationHost.config <location path="Default Web Site">
        one_to_one_enabled: true
        many_to_one_enabled: true
        one_to_one: [{"certificate_thumbprint": "F0794FB4D45C4B3DC01C690BC4B92682977DD359", "user_name": "CONTOSO\\alice",
                      "password": "********", "password_encrypted": true, "enabled": true, "source": "applicationHost.config"}]
        many_to_one: []
backup_files:
  description: Backup copies made before writing, when O(backup=true).
  returned: changed and backup requested
  type: list
  elements: str
mapping_module:
  description: What the O(mapping) needs and is missing, when the task fails because the mapping could not work.
  returned: failure of the mapping module check
  type: dict
  sample: {"name": "IISCertificateMappingAuthenticationModule", "windows_feature": "Web-Cert-Auth",
           "location": "Default Web Site", "installed": false, "enabled": false, "section_declared": true}
changes:
  description:
    - The planned changes as records, for audit and compliance reports (secret values masked), in the order of RV(plan).
    - Each has C(operation), C(section), C(path), C(where) (file and C(<location>)) and C(level); attribute changes add
      C(attribute), C(before), C(after) and C(before_source); added and removed collection entries add C(entry)
      (and C(mode) for removals).
  returned: always
  type: list
  elements: dict
  sample: [{"operation": "set", "section": "system.webServer/directoryBrowse", "path": "", "attribute": "enabled",
            "before": "false", "after": "true", "before_source": "applicationHost.config",
            "where": "%SystemDrive%\\inetpub\\wwwroot\\web.config", "level": "site"}]
backend:
  description: How the change was applied, V(file) or V(appcmd) (V(auto) resolved).
  returned: changed and not check mode
  type: str
  sample: file
host_steps:
  description: Windows hosts only. Each step the host ran to apply the change, with its C(command), C(rc) and C(output)
    (secret values masked).
  returned: changed and not check mode, on a Windows host
  type: list
  elements: dict
round_trips:
  description: Windows hosts only. How many times the task connected to the host (one read, one apply).
  returned: changed and not check mode, on a Windows host
  type: int
  sample: 2
backup_name:
  description: Windows hosts only. Name of the IIS configuration backup kept on the host (C(appcmd add backup)), when
    O(backup=true) with the appcmd backend.
  returned: changed, backup requested, appcmd backend
  type: str
  sample: webadmin-iis-20260101T120000
failed_command:
  description: Windows hosts only. The host step that failed.
  returned: failed while applying on a Windows host
  type: str
error:
  description: Windows hosts only. The output of the failed host step (secret values masked).
  returned: failed while applying on a Windows host
  type: str
rolled_back:
  description: Windows hosts only. Whether every change made before the failure was undone.
  returned: failed while applying on a Windows host
  type: bool
'''

from ansible_collections.webadmin.iis.plugins.module_utils.features.iis_ssl_client_cert import ARGUMENT_SPEC
from ansible_collections.webadmin.iis.plugins.module_utils.runs_on_controller import fail_outside_action_plugin


def main():
    fail_outside_action_plugin('iis_ssl_client_cert', ARGUMENT_SPEC)


if __name__ == '__main__':
    main()
