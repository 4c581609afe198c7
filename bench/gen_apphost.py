#!/usr/bin/env python
# Copyright: (c) 2026, webadmin.iis contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Generate an offline IIS host with N sites, to measure how the collection scales.

Why generated and not copied: real servers with thousands of sites are not shareable, and the
cost we want to see is the cost per site. The file starts from examples/offline-host's
applicationHost.config (real configSections, globalModules, handlers...) and replaces <sites>
with N sites shaped like a hosting server's:

* two bindings per site (http on a host header, https with SNI),
* a root application and an ``/api`` application on one of N/10 application pools,
* per site one ``<location>`` tag that sets authentication and request filtering (what IIS
  Manager writes for locked sections), every tenth site a second one for its ``/api`` app,
* the site's directories on disk, every fifth site with its own web.config.

Usage: gen_apphost.py SITES DEST   (DEST is created; it must not exist)
"""
from __future__ import absolute_import, division, print_function

import argparse
import os
import re
import shutil
import sys

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
EXAMPLE = os.path.join(REPO, 'examples', 'offline-host')
APPHOST_REL = os.path.join('Windows', 'System32', 'inetsrv', 'config', 'applicationHost.config')

SITE = '''            <site name="{name}" id="{id}" serverAutoStart="true">
                <application path="/" applicationPool="{pool}">
                    <virtualDirectory path="/" physicalPath="%SystemDrive%\\inetpub\\sites\\{name}" />
                </application>
                <application path="/api" applicationPool="{pool}">
                    <virtualDirectory path="/" physicalPath="%SystemDrive%\\inetpub\\sites\\{name}\\api" />
                </application>
                <bindings>
                    <binding protocol="http" bindingInformation="*:80:{name}.example.com" />
                    <binding protocol="https" bindingInformation="*:443:{name}.example.com" sslFlags="1" />
                </bindings>
                <logFile directory="%SystemDrive%\\inetpub\\logs\\{name}" />
            </site>
'''

LOCATION = '''    <location path="{path}">
        <system.webServer>
            <security>
                <authentication>
                    <anonymousAuthentication enabled="{anonymous}" />
                    <windowsAuthentication enabled="{windows}" />
                </authentication>
                <requestFiltering>
                    <requestLimits maxAllowedContentLength="{limit}" />
                </requestFiltering>
            </security>
        </system.webServer>
    </location>
'''

WEB_CONFIG = '''\ufeff<?xml version="1.0" encoding="UTF-8"?>
<configuration>
    <system.webServer>
        <defaultDocument>
            <files>
                <clear />
                <add value="index.html" />
            </files>
        </defaultDocument>
        <httpProtocol>
            <customHeaders>
                <add name="X-Site" value="{name}" />
            </customHeaders>
        </httpProtocol>
    </system.webServer>
</configuration>
'''


def site_name(number):
    return 'site%05d' % number


def apphost_text(template, sites):
    """The example file with its sites, pools and locations replaced by ``sites`` generated ones."""
    pools = max(1, sites // 10)
    site_xml = ''.join(SITE.format(name=site_name(i), id=i, pool=pool_name(i, sites)) for i in range(1, sites + 1))
    pool_xml = ''.join('            <add name="Pool%04d" managedRuntimeVersion="v4.0" />\n' % i for i in range(pools))
    locations = []
    for i in range(1, sites + 1):
        values = dict(anonymous='true' if i % 3 else 'false', windows='false' if i % 3 else 'true', limit=10000000 + i)
        locations.append(LOCATION.format(path=site_name(i), **values))
        if i % 10 == 0:
            locations.append(LOCATION.format(path=site_name(i) + '/api', **values))
    text = re.sub(r'(<sites>\s*\n).*?(\s*<siteDefaults>)', lambda m: m.group(1) + site_xml.rstrip('\n') + m.group(2),
                  template, count=1, flags=re.S)
    text = text.replace('<applicationPools>\n', '<applicationPools>\n' + pool_xml, 1)
    return text.replace('</configuration>', ''.join(locations) + '</configuration>', 1)


def pool_name(index, sites):
    """The application pool of the site number ``index`` (1-based) on a host of ``sites`` sites."""
    return 'Pool%04d' % (index % max(1, sites // 10))


def generate(sites, dest):
    """Create ``dest``: a copy of the example host with ``sites`` sites. Returns the apphost path."""
    if os.path.exists(dest):
        raise SystemExit('%s exists; give a new directory' % dest)
    shutil.copytree(EXAMPLE, dest)
    apphost = os.path.join(dest, APPHOST_REL)
    with open(apphost, 'rb') as handle:
        data = handle.read()
    newline = '\r\n' if b'\r\n' in data else '\n'
    template = data.decode('utf-8-sig').replace('\r\n', '\n')
    text = apphost_text(template, sites).replace('\n', newline)
    with open(apphost, 'wb') as handle:
        handle.write((b'\xef\xbb\xbf' if data.startswith(b'\xef\xbb\xbf') else b'') + text.encode('utf-8'))
    for i in range(1, sites + 1):
        directory = os.path.join(dest, 'inetpub', 'sites', site_name(i))
        os.makedirs(os.path.join(directory, 'api'))
        if i % 5 == 0:
            with open(os.path.join(directory, 'web.config'), 'wb') as handle:
                handle.write(WEB_CONFIG.format(name=site_name(i)).encode('utf-8'))
    return apphost


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n', maxsplit=1)[0])
    parser.add_argument('sites', type=int)
    parser.add_argument('dest')
    args = parser.parse_args(argv)
    path = generate(args.sites, args.dest)
    print('%s: %d sites, %d bytes' % (path, args.sites, os.path.getsize(path)))


if __name__ == '__main__':
    sys.exit(main())
