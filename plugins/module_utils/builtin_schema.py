# Copyright: (c) 2026, webadmin.iis contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Compact built-in IIS schema definitions.

Used when a target has no readable schema directory (offline checks, tests).
Only the sections this collection manages are described, each one completely
(every attribute, element and collection of IIS 10), in the vocabulary of the
IIS ``configSchema`` files: ``sectionSchema``, ``attribute``, ``element``,
``collection``, ``enum`` and ``flag``.  No descriptions are kept; runtime
extension attributes and methods are left out.  The generic attributes every
element accepts (``lockItem``, ``lockAttributes``...) are not schema
attributes and are not listed here.

Notes on facts that are easy to get wrong (checked against IIS 10):
* ``security/access`` ``sslFlags``: None=0, Ssl=8, SslNegotiateCert=32,
  SslRequireCert=64, Ssl128=256 (there is no SslMapCert flag in IIS 7+).
* a site binding's ``sslFlags`` is a plain ``uint`` bit mask, not flags.
* ``manyToOneMappings`` ``permissionMode``: Allow=1, Deny=2.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

BUILTIN_SECTIONS = (
    'system.applicationHost/applicationPools',
    'system.applicationHost/sites',
    'system.applicationHost/log',
    'system.webServer/globalModules',
    'system.webServer/modules',
    'system.webServer/handlers',
    'system.webServer/security/access',
    'system.webServer/security/authentication/anonymousAuthentication',
    'system.webServer/security/authentication/basicAuthentication',
    'system.webServer/security/authentication/digestAuthentication',
    'system.webServer/security/authentication/windowsAuthentication',
    'system.webServer/security/authentication/clientCertificateMappingAuthentication',
    'system.webServer/security/authentication/iisClientCertificateMappingAuthentication',
    'system.webServer/security/authorization',
    'system.webServer/security/requestFiltering',
    'system.webServer/security/isapiCgiRestriction',
    'system.webServer/security/ipSecurity',
    'system.webServer/directoryBrowse',
    'system.webServer/httpProtocol',
    'system.webServer/httpErrors',
    'system.webServer/httpLogging',
    'system.webServer/httpRedirect',
    'system.webServer/validation',
    'system.webServer/defaultDocument',
    'system.webServer/staticContent',
    'system.webServer/serverRuntime',
    'system.webServer/asp',
    'system.webServer/urlCompression',
    'system.web/httpModules',
    'system.web/httpHandlers',
    'system.web/httpRuntime',
    'system.web/customErrors',
    'system.web/compilation',
    'system.web/trace',
    'system.web/httpCookies',
    'system.web/sessionState',
    'system.web/machineKey',
    'system.web/authentication',
)

# Default values too long for one source line; substituted (XML-escaped) into the template below.
_LONG_VALUES = {
    '@SITE_LOG_FIELDS@': (
        'Date,Time,ClientIP,UserName,ServerIP,Method,UriStem,UriQuery,TimeTaken,'
        'HttpStatus,Win32Status,ServerPort,UserAgent,HttpSubStatus,Referer'),
    '@CENTRAL_W3C_LOG_FIELDS@': (
        'Date,Time,ClientIP,UserName,SiteName,ServerIP,Method,UriStem,UriQuery,TimeTaken,'
        'HttpStatus,Win32Status,ServerPort,UserAgent,HttpSubStatus,Referer'),
    '@ASP_SCRIPT_ERROR_MESSAGE@': (
        'An error occurred on the server when processing the URL. Please contact the system administrator. '
        '<p/> If you are the system administrator please click '
        '<a href="https://go.microsoft.com/fwlink/?LinkID=82731">here</a> to find out more about this error.'),
}


def _xml_attr_escape(text):
    return text.replace('&', '&amp;').replace('<', '&lt;').replace('>', '&gt;').replace('"', '&quot;')


_TEMPLATE = r'''<?xml version="1.0" encoding="UTF-8"?>
<configSchema>
  <sectionSchema name="system.applicationHost/applicationPools">
    <collection addElement="add" defaultElement="applicationPoolDefaults">
      <attribute name="name" type="string" required="true" isUniqueKey="true" validationType="applicationPoolName"/>
      <attribute name="queueLength" type="uint" defaultValue="1000" validationType="integerRange" validationParameter="10,65535"/>
      <attribute name="autoStart" type="bool" defaultValue="true"/>
      <attribute name="enable32BitAppOnWin64" type="bool" defaultValue="false"/>
      <attribute name="managedRuntimeVersion" type="string" defaultValue=""/>
      <attribute name="managedRuntimeLoader" type="string" defaultValue="webengine4.dll"/>
      <attribute name="enableConfigurationOverride" type="bool" defaultValue="true"/>
      <attribute name="managedPipelineMode" type="enum" defaultValue="Integrated">
        <enum name="Integrated" value="0"/>
        <enum name="Classic" value="1"/>
      </attribute>
      <attribute name="CLRConfigFile" type="string" defaultValue="" expanded="true"/>
      <attribute name="passAnonymousToken" type="bool" defaultValue="true"/>
      <attribute name="startMode" type="enum" defaultValue="OnDemand">
        <enum name="OnDemand" value="0"/>
        <enum name="AlwaysRunning" value="1"/>
      </attribute>
      <element name="processModel">
        <attribute name="identityType" type="enum" defaultValue="ApplicationPoolIdentity">
          <enum name="LocalSystem" value="0"/>
          <enum name="LocalService" value="1"/>
          <enum name="NetworkService" value="2"/>
          <enum name="SpecificUser" value="3"/>
          <enum name="ApplicationPoolIdentity" value="4"/>
        </attribute>
        <attribute name="userName" type="string"/>
        <attribute name="password" type="string" defaultValue="[enc:IISWASOnlyCngProvider::enc]" caseSensitive="true" encrypted="true"/>
        <attribute name="loadUserProfile" type="bool" defaultValue="false"/>
        <attribute name="setProfileEnvironment" type="bool" defaultValue="true"/>
        <attribute name="logonType" type="enum" defaultValue="LogonBatch">
          <enum name="LogonBatch" value="0"/>
          <enum name="LogonService" value="1"/>
        </attribute>
        <attribute name="manualGroupMembership" type="bool" defaultValue="false"/>
        <attribute name="idleTimeout" type="timeSpan" defaultValue="00:20:00" validationType="timeSpanRange" validationParameter="0,2592000,60"/>
        <attribute name="idleTimeoutAction" type="enum" defaultValue="Terminate">
          <enum name="Terminate" value="0"/>
          <enum name="Suspend" value="1"/>
        </attribute>
        <attribute name="maxProcesses" type="uint" defaultValue="1" validationType="integerRange" validationParameter="0,2147483647"/>
        <attribute name="shutdownTimeLimit" type="timeSpan" defaultValue="00:01:30" validationType="timeSpanRange" validationParameter="1,4294967,1"/>
        <attribute name="startupTimeLimit" type="timeSpan" defaultValue="00:01:30" validationType="timeSpanRange" validationParameter="1,4294967,1"/>
        <attribute name="pingingEnabled" type="bool" defaultValue="true"/>
        <attribute name="pingInterval" type="timeSpan" defaultValue="00:00:30" validationType="timeSpanRange" validationParameter="1,4294967,1"/>
        <attribute name="pingResponseTime" type="timeSpan" defaultValue="00:01:30" validationType="timeSpanRange" validationParameter="1,4294967,1"/>
        <attribute name="logEventOnProcessModel" type="flags" defaultValue="IdleTimeout"><flag name="IdleTimeout" value="1"/></attribute>
      </element>
      <element name="recycling">
        <attribute name="disallowOverlappingRotation" type="bool" defaultValue="false"/>
        <attribute name="disallowRotationOnConfigChange" type="bool" defaultValue="false"/>
        <attribute name="logEventOnRecycle" type="flags"
            defaultValue="Time,Requests,Schedule,Memory,IsapiUnhealthy,OnDemand,ConfigChange,PrivateMemory">
          <flag name="Time" value="1"/>
          <flag name="Requests" value="2"/>
          <flag name="Schedule" value="4"/>
          <flag name="Memory" value="8"/>
          <flag name="IsapiUnhealthy" value="16"/>
          <flag name="OnDemand" value="32"/>
          <flag name="ConfigChange" value="64"/>
          <flag name="PrivateMemory" value="128"/>
        </attribute>
        <element name="periodicRestart">
          <attribute name="memory" type="uint" defaultValue="0"/>
          <attribute name="privateMemory" type="uint" defaultValue="0"/>
          <attribute name="requests" type="uint" defaultValue="0"/>
          <attribute name="time" type="timeSpan" defaultValue="1.05:00:00" validationType="timeSpanRange" validationParameter="0,25920000,60"/>
          <element name="schedule">
            <collection addElement="add" clearElement="clear">
              <attribute name="value" type="timeSpan" required="true" isUniqueKey="true" validationType="timeSpanRange"
                  validationParameter="0,86399,60"/>
            </collection>
          </element>
        </element>
      </element>
      <element name="failure">
        <attribute name="loadBalancerCapabilities" type="enum" defaultValue="HttpLevel">
          <enum name="TcpLevel" value="1"/>
          <enum name="HttpLevel" value="2"/>
        </attribute>
        <attribute name="orphanWorkerProcess" type="bool" defaultValue="false"/>
        <attribute name="orphanActionExe" type="string" expanded="true"/>
        <attribute name="orphanActionParams" type="string" expanded="true"/>
        <attribute name="rapidFailProtection" type="bool" defaultValue="true"/>
        <attribute name="rapidFailProtectionInterval" type="timeSpan" defaultValue="00:05:00" validationType="timeSpanRange"
            validationParameter="60,8640000,60"/>
        <attribute name="rapidFailProtectionMaxCrashes" type="uint" defaultValue="5" validationType="integerRange" validationParameter="1,2147483647"/>
        <attribute name="autoShutdownExe" type="string" expanded="true"/>
        <attribute name="autoShutdownParams" type="string" expanded="true"/>
      </element>
      <element name="cpu">
        <attribute name="limit" type="uint" defaultValue="0" validationType="integerRange" validationParameter="0,100000"/>
        <attribute name="action" type="enum" defaultValue="NoAction">
          <enum name="NoAction" value="0"/>
          <enum name="KillW3wp" value="1"/>
          <enum name="Throttle" value="2"/>
          <enum name="ThrottleUnderLoad" value="3"/>
        </attribute>
        <attribute name="resetInterval" type="timeSpan" defaultValue="00:05:00" validationType="timeSpanRange" validationParameter="0,86400,60"/>
        <attribute name="smpAffinitized" type="bool" defaultValue="false"/>
        <attribute name="smpProcessorAffinityMask" type="uint" defaultValue="4294967295"/>
        <attribute name="smpProcessorAffinityMask2" type="uint" defaultValue="4294967295"/>
        <attribute name="processorGroup" type="int" defaultValue="0" validationType="integerRange" validationParameter="0,2147483647"/>
        <attribute name="numaNodeAssignment" type="enum" defaultValue="MostAvailableMemory">
          <enum name="MostAvailableMemory" value="0"/>
          <enum name="WindowsScheduling" value="1"/>
        </attribute>
        <attribute name="numaNodeAffinityMode" type="enum" defaultValue="Soft"><enum name="Soft" value="0"/><enum name="Hard" value="1"/></attribute>
      </element>
      <element name="environmentVariables">
        <collection addElement="add" removeElement="remove">
          <attribute name="name" type="string" required="true" isUniqueKey="true" validationType="nonEmptyString"/>
          <attribute name="value" type="string" required="true" validationType="nonEmptyString"/>
        </collection>
      </element>
    </collection>
    <element name="applicationPoolDefaults" isCollectionDefault="true">
      <attribute name="name" type="string" validationType="applicationPoolName"/>
      <attribute name="queueLength" type="uint" defaultValue="1000" validationType="integerRange" validationParameter="10,65535"/>
      <attribute name="autoStart" type="bool" defaultValue="true"/>
      <attribute name="enable32BitAppOnWin64" type="bool" defaultValue="false"/>
      <attribute name="managedRuntimeVersion" type="string" defaultValue=""/>
      <attribute name="managedRuntimeLoader" type="string" defaultValue="webengine4.dll"/>
      <attribute name="enableConfigurationOverride" type="bool" defaultValue="true"/>
      <attribute name="managedPipelineMode" type="enum" defaultValue="Integrated">
        <enum name="Integrated" value="0"/>
        <enum name="Classic" value="1"/>
      </attribute>
      <attribute name="CLRConfigFile" type="string" defaultValue="" expanded="true"/>
      <attribute name="passAnonymousToken" type="bool" defaultValue="true"/>
      <attribute name="startMode" type="enum" defaultValue="OnDemand">
        <enum name="OnDemand" value="0"/>
        <enum name="AlwaysRunning" value="1"/>
      </attribute>
      <element name="processModel">
        <attribute name="identityType" type="enum" defaultValue="ApplicationPoolIdentity">
          <enum name="LocalSystem" value="0"/>
          <enum name="LocalService" value="1"/>
          <enum name="NetworkService" value="2"/>
          <enum name="SpecificUser" value="3"/>
          <enum name="ApplicationPoolIdentity" value="4"/>
        </attribute>
        <attribute name="userName" type="string"/>
        <attribute name="password" type="string" defaultValue="[enc:IISWASOnlyCngProvider::enc]" caseSensitive="true" encrypted="true"/>
        <attribute name="loadUserProfile" type="bool" defaultValue="false"/>
        <attribute name="setProfileEnvironment" type="bool" defaultValue="true"/>
        <attribute name="logonType" type="enum" defaultValue="LogonBatch">
          <enum name="LogonBatch" value="0"/>
          <enum name="LogonService" value="1"/>
        </attribute>
        <attribute name="manualGroupMembership" type="bool" defaultValue="false"/>
        <attribute name="idleTimeout" type="timeSpan" defaultValue="00:20:00" validationType="timeSpanRange" validationParameter="0,2592000,60"/>
        <attribute name="idleTimeoutAction" type="enum" defaultValue="Terminate">
          <enum name="Terminate" value="0"/>
          <enum name="Suspend" value="1"/>
        </attribute>
        <attribute name="maxProcesses" type="uint" defaultValue="1" validationType="integerRange" validationParameter="0,2147483647"/>
        <attribute name="shutdownTimeLimit" type="timeSpan" defaultValue="00:01:30" validationType="timeSpanRange" validationParameter="1,4294967,1"/>
        <attribute name="startupTimeLimit" type="timeSpan" defaultValue="00:01:30" validationType="timeSpanRange" validationParameter="1,4294967,1"/>
        <attribute name="pingingEnabled" type="bool" defaultValue="true"/>
        <attribute name="pingInterval" type="timeSpan" defaultValue="00:00:30" validationType="timeSpanRange" validationParameter="1,4294967,1"/>
        <attribute name="pingResponseTime" type="timeSpan" defaultValue="00:01:30" validationType="timeSpanRange" validationParameter="1,4294967,1"/>
        <attribute name="logEventOnProcessModel" type="flags" defaultValue="IdleTimeout"><flag name="IdleTimeout" value="1"/></attribute>
      </element>
      <element name="recycling">
        <attribute name="disallowOverlappingRotation" type="bool" defaultValue="false"/>
        <attribute name="disallowRotationOnConfigChange" type="bool" defaultValue="false"/>
        <attribute name="logEventOnRecycle" type="flags"
            defaultValue="Time,Requests,Schedule,Memory,IsapiUnhealthy,OnDemand,ConfigChange,PrivateMemory">
          <flag name="Time" value="1"/>
          <flag name="Requests" value="2"/>
          <flag name="Schedule" value="4"/>
          <flag name="Memory" value="8"/>
          <flag name="IsapiUnhealthy" value="16"/>
          <flag name="OnDemand" value="32"/>
          <flag name="ConfigChange" value="64"/>
          <flag name="PrivateMemory" value="128"/>
        </attribute>
        <element name="periodicRestart">
          <attribute name="memory" type="uint" defaultValue="0"/>
          <attribute name="privateMemory" type="uint" defaultValue="0"/>
          <attribute name="requests" type="uint" defaultValue="0"/>
          <attribute name="time" type="timeSpan" defaultValue="1.05:00:00" validationType="timeSpanRange" validationParameter="0,25920000,60"/>
          <element name="schedule">
            <collection addElement="add" clearElement="clear">
              <attribute name="value" type="timeSpan" required="true" isUniqueKey="true" validationType="timeSpanRange"
                  validationParameter="0,86399,60"/>
            </collection>
          </element>
        </element>
      </element>
      <element name="failure">
        <attribute name="loadBalancerCapabilities" type="enum" defaultValue="HttpLevel">
          <enum name="TcpLevel" value="1"/>
          <enum name="HttpLevel" value="2"/>
        </attribute>
        <attribute name="orphanWorkerProcess" type="bool" defaultValue="false"/>
        <attribute name="orphanActionExe" type="string" expanded="true"/>
        <attribute name="orphanActionParams" type="string" expanded="true"/>
        <attribute name="rapidFailProtection" type="bool" defaultValue="true"/>
        <attribute name="rapidFailProtectionInterval" type="timeSpan" defaultValue="00:05:00" validationType="timeSpanRange"
            validationParameter="60,8640000,60"/>
        <attribute name="rapidFailProtectionMaxCrashes" type="uint" defaultValue="5" validationType="integerRange" validationParameter="1,2147483647"/>
        <attribute name="autoShutdownExe" type="string" expanded="true"/>
        <attribute name="autoShutdownParams" type="string" expanded="true"/>
      </element>
      <element name="cpu">
        <attribute name="limit" type="uint" defaultValue="0" validationType="integerRange" validationParameter="0,100000"/>
        <attribute name="action" type="enum" defaultValue="NoAction">
          <enum name="NoAction" value="0"/>
          <enum name="KillW3wp" value="1"/>
          <enum name="Throttle" value="2"/>
          <enum name="ThrottleUnderLoad" value="3"/>
        </attribute>
        <attribute name="resetInterval" type="timeSpan" defaultValue="00:05:00" validationType="timeSpanRange" validationParameter="0,86400,60"/>
        <attribute name="smpAffinitized" type="bool" defaultValue="false"/>
        <attribute name="smpProcessorAffinityMask" type="uint" defaultValue="4294967295"/>
        <attribute name="smpProcessorAffinityMask2" type="uint" defaultValue="4294967295"/>
        <attribute name="processorGroup" type="int" defaultValue="0" validationType="integerRange" validationParameter="0,2147483647"/>
        <attribute name="numaNodeAssignment" type="enum" defaultValue="MostAvailableMemory">
          <enum name="MostAvailableMemory" value="0"/>
          <enum name="WindowsScheduling" value="1"/>
        </attribute>
        <attribute name="numaNodeAffinityMode" type="enum" defaultValue="Soft"><enum name="Soft" value="0"/><enum name="Hard" value="1"/></attribute>
      </element>
      <element name="environmentVariables">
        <collection addElement="add" removeElement="remove">
          <attribute name="name" type="string" required="true" isUniqueKey="true" validationType="nonEmptyString"/>
          <attribute name="value" type="string" required="true" validationType="nonEmptyString"/>
        </collection>
      </element>
    </element>
  </sectionSchema>
  <sectionSchema name="system.applicationHost/sites">
    <collection addElement="site" defaultElement="siteDefaults">
      <attribute name="name" type="string" required="true" isUniqueKey="true" validationType="siteName"/>
      <attribute name="id" type="uint" required="true" isUniqueKey="true"/>
      <attribute name="serverAutoStart" type="bool" defaultValue="true"/>
      <element name="bindings">
        <collection addElement="binding" clearElement="clear">
          <attribute name="protocol" type="string" required="true" isCombinedKey="true" validationType="nonEmptyString"/>
          <attribute name="bindingInformation" type="string" required="true" isCombinedKey="true" validationType="nonEmptyString"/>
          <attribute name="sslFlags" type="uint" defaultValue="0"/>
        </collection>
      </element>
      <element name="limits">
        <attribute name="maxBandwidth" type="uint" defaultValue="4294967295" validationType="integerRange" validationParameter="0,1023,exclude"/>
        <attribute name="maxConnections" type="uint" defaultValue="4294967295"/>
        <attribute name="connectionTimeout" type="timeSpan" defaultValue="00:02:00" validationType="timeSpanRange" validationParameter="0,65535,1"/>
        <attribute name="maxUrlSegments" type="uint" defaultValue="32" validationType="integerRange" validationParameter="0,16383"/>
      </element>
      <element name="logFile">
        <attribute name="logExtFileFlags" type="flags" defaultValue="@SITE_LOG_FIELDS@">
          <flag name="Date" value="1"/>
          <flag name="Time" value="2"/>
          <flag name="ClientIP" value="4"/>
          <flag name="UserName" value="8"/>
          <flag name="SiteName" value="16"/>
          <flag name="ComputerName" value="32"/>
          <flag name="ServerIP" value="64"/>
          <flag name="Method" value="128"/>
          <flag name="UriStem" value="256"/>
          <flag name="UriQuery" value="512"/>
          <flag name="HttpStatus" value="1024"/>
          <flag name="Win32Status" value="2048"/>
          <flag name="BytesSent" value="4096"/>
          <flag name="BytesRecv" value="8192"/>
          <flag name="TimeTaken" value="16384"/>
          <flag name="ServerPort" value="32768"/>
          <flag name="UserAgent" value="65536"/>
          <flag name="Cookie" value="131072"/>
          <flag name="Referer" value="262144"/>
          <flag name="ProtocolVersion" value="524288"/>
          <flag name="Host" value="1048576"/>
          <flag name="HttpSubStatus" value="2097152"/>
        </attribute>
        <attribute name="customLogPluginClsid" type="string" defaultValue=""/>
        <attribute name="logFormat" type="enum" defaultValue="W3C">
          <enum name="IIS" value="0"/>
          <enum name="NCSA" value="1"/>
          <enum name="W3C" value="2"/>
          <enum name="Custom" value="3"/>
        </attribute>
        <attribute name="logTargetW3C" type="flags" defaultValue="File"><flag name="File" value="1"/><flag name="ETW" value="2"/></attribute>
        <attribute name="directory" type="string" defaultValue="%SystemDrive%\inetpub\logs\LogFiles" expanded="true" validationType="nonEmptyString"/>
        <attribute name="period" type="enum" defaultValue="Daily">
          <enum name="MaxSize" value="0"/>
          <enum name="Daily" value="1"/>
          <enum name="Weekly" value="2"/>
          <enum name="Monthly" value="3"/>
          <enum name="Hourly" value="4"/>
        </attribute>
        <attribute name="truncateSize" type="int64" defaultValue="20971520" validationType="integerRange" validationParameter="1048576,4294967295"/>
        <attribute name="localTimeRollover" type="bool" defaultValue="false"/>
        <attribute name="enabled" type="bool" defaultValue="true"/>
        <attribute name="logSiteId" type="bool" defaultValue="true"/>
        <attribute name="flushByEntryCountW3CLog" type="uint" defaultValue="0"/>
        <attribute name="maxLogLineLength" type="uint" defaultValue="65536" validationType="integerRange" validationParameter="2,65536"/>
        <element name="customFields">
          <attribute name="maxCustomFieldLength" type="uint" defaultValue="4096" validationType="integerRange" validationParameter="2,65536"/>
          <collection addElement="add" clearElement="clear">
            <attribute name="logFieldName" type="string" required="true" isUniqueKey="true" validationType="nonEmptyString"/>
            <attribute name="sourceName" type="string" required="true" validationType="nonEmptyString"/>
            <attribute name="sourceType" type="enum" required="true">
              <enum name="RequestHeader" value="0"/>
              <enum name="ResponseHeader" value="1"/>
              <enum name="ServerVariable" value="2"/>
            </attribute>
          </collection>
        </element>
      </element>
      <element name="traceFailedRequestsLogging">
        <attribute name="enabled" type="bool" defaultValue="false"/>
        <attribute name="directory" type="string" defaultValue="%SystemDrive%\inetpub\logs\FailedReqLogFiles" expanded="true"/>
        <attribute name="maxLogFiles" type="uint" defaultValue="50" validationType="integerRange" validationParameter="1,10000"/>
        <attribute name="maxLogFileSizeKB" type="uint" defaultValue="1024" validationType="integerRange" validationParameter="0,1048576"/>
        <attribute name="customActionsEnabled" type="bool" defaultValue="false"/>
      </element>
      <element name="hsts">
        <attribute name="enabled" type="bool" defaultValue="false"/>
        <attribute name="max-age" type="uint" defaultValue="0"/>
        <attribute name="includeSubDomains" type="bool" defaultValue="false"/>
        <attribute name="preload" type="bool" defaultValue="false"/>
        <attribute name="redirectHttpToHttps" type="bool" defaultValue="false"/>
      </element>
      <collection addElement="application" defaultElement="applicationDefaults">
        <attribute name="path" type="string" required="true" isUniqueKey="true" validationType="applicationPath"/>
        <attribute name="applicationPool" type="string" validationType="applicationPoolName"/>
        <attribute name="enabledProtocols" type="string" defaultValue="http"/>
        <attribute name="serviceAutoStartEnabled" type="bool" defaultValue="false"/>
        <attribute name="serviceAutoStartProvider" type="string"/>
        <attribute name="preloadEnabled" type="bool" defaultValue="false"/>
        <collection addElement="virtualDirectory" defaultElement="virtualDirectoryDefaults">
          <attribute name="path" type="string" isUniqueKey="true" validationType="virtualDirectoryPath"/>
          <attribute name="physicalPath" type="string" expanded="true"/>
          <attribute name="userName" type="string"/>
          <attribute name="password" type="string" defaultValue="[enc:IISCngProvider::enc]" caseSensitive="true" encrypted="true"/>
          <attribute name="logonMethod" type="enum" defaultValue="ClearText">
            <enum name="Interactive" value="0"/>
            <enum name="Batch" value="1"/>
            <enum name="Network" value="2"/>
            <enum name="ClearText" value="3"/>
          </attribute>
          <attribute name="allowSubDirConfig" type="bool" defaultValue="true"/>
        </collection>
        <element name="virtualDirectoryDefaults" isCollectionDefault="true">
          <attribute name="path" type="string" validationType="virtualDirectoryPath"/>
          <attribute name="physicalPath" type="string" expanded="true"/>
          <attribute name="userName" type="string"/>
          <attribute name="password" type="string" defaultValue="[enc:IISCngProvider::enc]" caseSensitive="true" encrypted="true"/>
          <attribute name="logonMethod" type="enum" defaultValue="ClearText">
            <enum name="Interactive" value="0"/>
            <enum name="Batch" value="1"/>
            <enum name="Network" value="2"/>
            <enum name="ClearText" value="3"/>
          </attribute>
          <attribute name="allowSubDirConfig" type="bool" defaultValue="true"/>
        </element>
      </collection>
      <element name="applicationDefaults" isCollectionDefault="true">
        <attribute name="path" type="string" validationType="applicationPath"/>
        <attribute name="applicationPool" type="string" validationType="applicationPoolName"/>
        <attribute name="enabledProtocols" type="string" defaultValue="http"/>
        <attribute name="serviceAutoStartEnabled" type="bool" defaultValue="false"/>
        <attribute name="serviceAutoStartProvider" type="string"/>
        <attribute name="preloadEnabled" type="bool" defaultValue="false"/>
      </element>
      <element name="virtualDirectoryDefaults" isCollectionDefault="true">
        <attribute name="path" type="string" validationType="virtualDirectoryPath"/>
        <attribute name="physicalPath" type="string" expanded="true"/>
        <attribute name="userName" type="string"/>
        <attribute name="password" type="string" defaultValue="[enc:IISCngProvider::enc]" caseSensitive="true" encrypted="true"/>
        <attribute name="logonMethod" type="enum" defaultValue="ClearText">
          <enum name="Interactive" value="0"/>
          <enum name="Batch" value="1"/>
          <enum name="Network" value="2"/>
          <enum name="ClearText" value="3"/>
        </attribute>
        <attribute name="allowSubDirConfig" type="bool" defaultValue="true"/>
      </element>
    </collection>
    <element name="siteDefaults" isCollectionDefault="true">
      <attribute name="name" type="string" validationType="siteName"/>
      <attribute name="id" type="uint"/>
      <attribute name="serverAutoStart" type="bool" defaultValue="true"/>
      <element name="bindings">
        <collection addElement="binding" clearElement="clear">
          <attribute name="protocol" type="string" required="true" isCombinedKey="true" validationType="nonEmptyString"/>
          <attribute name="bindingInformation" type="string" required="true" isCombinedKey="true" validationType="nonEmptyString"/>
          <attribute name="sslFlags" type="uint" defaultValue="0"/>
        </collection>
      </element>
      <element name="limits">
        <attribute name="maxBandwidth" type="uint" defaultValue="4294967295" validationType="integerRange" validationParameter="0,1023,exclude"/>
        <attribute name="maxConnections" type="uint" defaultValue="4294967295"/>
        <attribute name="connectionTimeout" type="timeSpan" defaultValue="00:02:00" validationType="timeSpanRange" validationParameter="0,65535,1"/>
        <attribute name="maxUrlSegments" type="uint" defaultValue="32" validationType="integerRange" validationParameter="0,16383"/>
      </element>
      <element name="logFile">
        <attribute name="logExtFileFlags" type="flags" defaultValue="@SITE_LOG_FIELDS@">
          <flag name="Date" value="1"/>
          <flag name="Time" value="2"/>
          <flag name="ClientIP" value="4"/>
          <flag name="UserName" value="8"/>
          <flag name="SiteName" value="16"/>
          <flag name="ComputerName" value="32"/>
          <flag name="ServerIP" value="64"/>
          <flag name="Method" value="128"/>
          <flag name="UriStem" value="256"/>
          <flag name="UriQuery" value="512"/>
          <flag name="HttpStatus" value="1024"/>
          <flag name="Win32Status" value="2048"/>
          <flag name="BytesSent" value="4096"/>
          <flag name="BytesRecv" value="8192"/>
          <flag name="TimeTaken" value="16384"/>
          <flag name="ServerPort" value="32768"/>
          <flag name="UserAgent" value="65536"/>
          <flag name="Cookie" value="131072"/>
          <flag name="Referer" value="262144"/>
          <flag name="ProtocolVersion" value="524288"/>
          <flag name="Host" value="1048576"/>
          <flag name="HttpSubStatus" value="2097152"/>
        </attribute>
        <attribute name="customLogPluginClsid" type="string" defaultValue=""/>
        <attribute name="logFormat" type="enum" defaultValue="W3C">
          <enum name="IIS" value="0"/>
          <enum name="NCSA" value="1"/>
          <enum name="W3C" value="2"/>
          <enum name="Custom" value="3"/>
        </attribute>
        <attribute name="logTargetW3C" type="flags" defaultValue="File"><flag name="File" value="1"/><flag name="ETW" value="2"/></attribute>
        <attribute name="directory" type="string" defaultValue="%SystemDrive%\inetpub\logs\LogFiles" expanded="true"/>
        <attribute name="period" type="enum" defaultValue="Daily">
          <enum name="MaxSize" value="0"/>
          <enum name="Daily" value="1"/>
          <enum name="Weekly" value="2"/>
          <enum name="Monthly" value="3"/>
          <enum name="Hourly" value="4"/>
        </attribute>
        <attribute name="truncateSize" type="int64" defaultValue="20971520" validationType="integerRange" validationParameter="1048576,4294967295"/>
        <attribute name="localTimeRollover" type="bool" defaultValue="false"/>
        <attribute name="enabled" type="bool" defaultValue="true"/>
        <attribute name="logSiteId" type="bool" defaultValue="true"/>
        <attribute name="flushByEntryCountW3CLog" type="uint" defaultValue="0"/>
        <attribute name="maxLogLineLength" type="uint" defaultValue="65536" validationType="integerRange" validationParameter="2,65536"/>
        <element name="customFields">
          <attribute name="maxCustomFieldLength" type="uint" defaultValue="4096" validationType="integerRange" validationParameter="2,65536"/>
          <collection addElement="add" clearElement="clear">
            <attribute name="logFieldName" type="string" required="true" isUniqueKey="true" validationType="nonEmptyString"/>
            <attribute name="sourceName" type="string" required="true" validationType="nonEmptyString"/>
            <attribute name="sourceType" type="enum" required="true">
              <enum name="RequestHeader" value="0"/>
              <enum name="ResponseHeader" value="1"/>
              <enum name="ServerVariable" value="2"/>
            </attribute>
          </collection>
        </element>
      </element>
      <element name="traceFailedRequestsLogging">
        <attribute name="enabled" type="bool" defaultValue="false"/>
        <attribute name="directory" type="string" defaultValue="%SystemDrive%\inetpub\FailedReqLogFiles" expanded="true"/>
        <attribute name="maxLogFiles" type="uint" defaultValue="50" validationType="integerRange" validationParameter="1,10000"/>
        <attribute name="maxLogFileSizeKB" type="uint" defaultValue="1024" validationType="integerRange" validationParameter="0,1048576"/>
        <attribute name="customActionsEnabled" type="bool" defaultValue="false"/>
      </element>
      <element name="hsts">
        <attribute name="enabled" type="bool" defaultValue="false"/>
        <attribute name="max-age" type="uint" defaultValue="0"/>
        <attribute name="includeSubDomains" type="bool" defaultValue="false"/>
        <attribute name="preload" type="bool" defaultValue="false"/>
        <attribute name="redirectHttpToHttps" type="bool" defaultValue="false"/>
      </element>
    </element>
    <element name="applicationDefaults" isCollectionDefault="true">
      <attribute name="path" type="string" validationType="applicationPath"/>
      <attribute name="applicationPool" type="string" validationType="applicationPoolName"/>
      <attribute name="enabledProtocols" type="string" defaultValue="http"/>
    </element>
    <element name="virtualDirectoryDefaults" isCollectionDefault="true">
      <attribute name="path" type="string" validationType="virtualDirectoryPath"/>
      <attribute name="physicalPath" type="string" expanded="true"/>
      <attribute name="userName" type="string"/>
      <attribute name="password" type="string" defaultValue="[enc:IISCngProvider::enc]" caseSensitive="true" encrypted="true"/>
      <attribute name="logonMethod" type="enum" defaultValue="ClearText">
        <enum name="Interactive" value="0"/>
        <enum name="Batch" value="1"/>
        <enum name="Network" value="2"/>
        <enum name="ClearText" value="3"/>
      </attribute>
      <attribute name="allowSubDirConfig" type="bool" defaultValue="true"/>
    </element>
  </sectionSchema>
  <sectionSchema name="system.applicationHost/log">
    <attribute name="logInUTF8" type="bool" defaultValue="true"/>
    <attribute name="centralLogFileMode" type="enum" defaultValue="Site">
      <enum name="Site" value="0"/>
      <enum name="CentralBinary" value="1"/>
      <enum name="CentralW3C" value="2"/>
    </attribute>
    <element name="centralBinaryLogFile">
      <attribute name="enabled" type="bool" defaultValue="false"/>
      <attribute name="directory" type="string" defaultValue="%SystemDrive%\inetpub\logs\LogFiles" expanded="true"/>
      <attribute name="period" type="enum" defaultValue="Daily">
        <enum name="Hourly" value="4"/>
        <enum name="Daily" value="1"/>
        <enum name="Weekly" value="2"/>
        <enum name="Monthly" value="3"/>
        <enum name="MaxSize" value="0"/>
      </attribute>
      <attribute name="truncateSize" type="int64" defaultValue="20971520" validationType="integerRange" validationParameter="1048576,4294967295"/>
      <attribute name="localTimeRollover" type="bool" defaultValue="false"/>
    </element>
    <element name="centralW3CLogFile">
      <attribute name="enabled" type="bool" defaultValue="true"/>
      <attribute name="directory" type="string" defaultValue="%SystemDrive%\inetpub\logs\LogFiles" expanded="true" validationType="nonEmptyString"/>
      <attribute name="period" type="enum" defaultValue="Daily">
        <enum name="Hourly" value="4"/>
        <enum name="Daily" value="1"/>
        <enum name="Weekly" value="2"/>
        <enum name="Monthly" value="3"/>
        <enum name="MaxSize" value="0"/>
      </attribute>
      <attribute name="truncateSize" type="int64" defaultValue="20971520" validationType="integerRange" validationParameter="1048576,4294967295"/>
      <attribute name="localTimeRollover" type="bool" defaultValue="false"/>
      <attribute name="logExtFileFlags" type="flags" defaultValue="@CENTRAL_W3C_LOG_FIELDS@">
        <flag name="Date" value="1"/>
        <flag name="Time" value="2"/>
        <flag name="ClientIP" value="4"/>
        <flag name="UserName" value="8"/>
        <flag name="SiteName" value="16"/>
        <flag name="ComputerName" value="32"/>
        <flag name="ServerIP" value="64"/>
        <flag name="Method" value="128"/>
        <flag name="UriStem" value="256"/>
        <flag name="UriQuery" value="512"/>
        <flag name="HttpStatus" value="1024"/>
        <flag name="Win32Status" value="2048"/>
        <flag name="BytesSent" value="4096"/>
        <flag name="BytesRecv" value="8192"/>
        <flag name="TimeTaken" value="16384"/>
        <flag name="ServerPort" value="32768"/>
        <flag name="UserAgent" value="65536"/>
        <flag name="Cookie" value="131072"/>
        <flag name="Referer" value="262144"/>
        <flag name="ProtocolVersion" value="524288"/>
        <flag name="Host" value="1048576"/>
        <flag name="HttpSubStatus" value="2097152"/>
      </attribute>
    </element>
  </sectionSchema>
  <sectionSchema name="system.webServer/globalModules">
    <collection addElement="add" removeElement="remove" clearElement="clear">
      <attribute name="name" type="string" required="true" isUniqueKey="true" caseSensitive="true"/>
      <attribute name="image" type="string" expanded="true"/>
      <attribute name="preCondition" type="string" caseSensitive="true"/>
    </collection>
  </sectionSchema>
  <sectionSchema name="system.webServer/modules">
    <attribute name="runAllManagedModulesForAllRequests" type="bool" defaultValue="false"/>
    <attribute name="runManagedModulesForWebDavRequests" type="bool" defaultValue="false"/>
    <collection addElement="add" removeElement="remove" clearElement="clear">
      <attribute name="name" type="string" required="true" isUniqueKey="true" caseSensitive="true" validationType="nonEmptyString"/>
      <attribute name="type" type="string" caseSensitive="true"/>
      <attribute name="preCondition" type="string" caseSensitive="true"/>
    </collection>
  </sectionSchema>
  <sectionSchema name="system.webServer/handlers">
    <attribute name="accessPolicy" type="flags" defaultValue="Read">
      <flag name="None" value="0"/>
      <flag name="Read" value="1"/>
      <flag name="Write" value="2"/>
      <flag name="Execute" value="4"/>
      <flag name="Source" value="16"/>
      <flag name="Script" value="512"/>
      <flag name="NoRemoteWrite" value="1024"/>
      <flag name="NoRemoteRead" value="4096"/>
      <flag name="NoRemoteExecute" value="8192"/>
      <flag name="NoRemoteScript" value="16384"/>
    </attribute>
    <collection addElement="add" removeElement="remove" clearElement="clear" mergeAppend="false">
      <attribute name="name" type="string" required="true" isUniqueKey="true" caseSensitive="true" validationType="nonEmptyString"/>
      <attribute name="path" type="string" required="true" validationType="nonEmptyString"/>
      <attribute name="verb" type="string" required="true" caseSensitive="true"/>
      <attribute name="type" type="string" caseSensitive="true"/>
      <attribute name="modules" type="string" defaultValue="ManagedPipelineHandler" caseSensitive="true"/>
      <attribute name="scriptProcessor" type="string" expanded="true"/>
      <attribute name="resourceType" type="enum" defaultValue="Unspecified">
        <enum name="File" value="0"/>
        <enum name="Directory" value="1"/>
        <enum name="Either" value="2"/>
        <enum name="Unspecified" value="3"/>
      </attribute>
      <attribute name="requireAccess" type="enum" defaultValue="Script">
        <enum name="None" value="0"/>
        <enum name="Read" value="1"/>
        <enum name="Write" value="2"/>
        <enum name="Script" value="3"/>
        <enum name="Execute" value="4"/>
      </attribute>
      <attribute name="allowPathInfo" type="bool" defaultValue="false"/>
      <attribute name="preCondition" type="string" caseSensitive="true"/>
      <attribute name="responseBufferLimit" type="uint" defaultValue="4194304"/>
    </collection>
  </sectionSchema>
  <sectionSchema name="system.webServer/security/access">
    <attribute name="sslFlags" type="flags" defaultValue="None">
      <flag name="None" value="0"/>
      <flag name="Ssl" value="8"/>
      <flag name="SslNegotiateCert" value="32"/>
      <flag name="SslRequireCert" value="64"/>
      <flag name="Ssl128" value="256"/>
    </attribute>
  </sectionSchema>
  <sectionSchema name="system.webServer/security/authentication/anonymousAuthentication">
    <attribute name="enabled" type="bool" defaultValue="true"/>
    <attribute name="userName" type="string" defaultValue="IUSR"/>
    <attribute name="password" type="string" defaultValue="[enc:IISCngProvider::enc]" caseSensitive="true" encrypted="true"/>
    <attribute name="logonMethod" type="enum" defaultValue="ClearText">
      <enum name="Interactive" value="0"/>
      <enum name="Batch" value="1"/>
      <enum name="Network" value="2"/>
      <enum name="ClearText" value="3"/>
    </attribute>
  </sectionSchema>
  <sectionSchema name="system.webServer/security/authentication/basicAuthentication">
    <attribute name="enabled" type="bool" defaultValue="false"/>
    <attribute name="realm" type="string"/>
    <attribute name="defaultLogonDomain" type="string"/>
    <attribute name="logonMethod" type="enum" defaultValue="ClearText">
      <enum name="Interactive" value="0"/>
      <enum name="Batch" value="1"/>
      <enum name="Network" value="2"/>
      <enum name="ClearText" value="3"/>
    </attribute>
  </sectionSchema>
  <sectionSchema name="system.webServer/security/authentication/digestAuthentication">
    <attribute name="enabled" type="bool" defaultValue="false"/>
    <attribute name="realm" type="string"/>
  </sectionSchema>
  <sectionSchema name="system.webServer/security/authentication/windowsAuthentication">
    <attribute name="enabled" type="bool" defaultValue="false"/>
    <element name="providers">
      <collection addElement="add" removeElement="remove" clearElement="clear">
        <attribute name="value" type="string" isUniqueKey="true"/>
      </collection>
    </element>
    <attribute name="authPersistSingleRequest" type="bool" defaultValue="false"/>
    <attribute name="authPersistNonNTLM" type="bool" defaultValue="false"/>
    <attribute name="useKernelMode" type="bool" defaultValue="true"/>
    <attribute name="useAppPoolCredentials" type="bool" defaultValue="false"/>
    <element name="extendedProtection">
      <attribute name="tokenChecking" type="enum" defaultValue="None">
        <enum name="None" value="0"/>
        <enum name="Allow" value="1"/>
        <enum name="Require" value="2"/>
      </attribute>
      <attribute name="flags" type="flags" defaultValue="None">
        <flag name="None" value="0"/>
        <flag name="Proxy" value="1"/>
        <flag name="NoServiceNameCheck" value="2"/>
        <flag name="AllowDotlessSpn" value="4"/>
        <flag name="ProxyCohosting" value="32"/>
      </attribute>
      <collection addElement="spn" removeElement="removeSpn" clearElement="clearSpns">
        <attribute name="name" type="string" isUniqueKey="true" validationType="nonEmptyString"/>
      </collection>
    </element>
  </sectionSchema>
  <sectionSchema name="system.webServer/security/authentication/clientCertificateMappingAuthentication">
    <attribute name="enabled" type="bool" defaultValue="false"/>
  </sectionSchema>
  <sectionSchema name="system.webServer/security/authentication/iisClientCertificateMappingAuthentication">
    <attribute name="enabled" type="bool" defaultValue="false"/>
    <attribute name="oneToOneCertificateMappingsEnabled" type="bool" defaultValue="true"/>
    <attribute name="manyToOneCertificateMappingsEnabled" type="bool" defaultValue="true"/>
    <attribute name="defaultLogonDomain" type="string"/>
    <attribute name="logonMethod" type="enum" defaultValue="ClearText">
      <enum name="Interactive" value="0"/>
      <enum name="Batch" value="1"/>
      <enum name="Network" value="2"/>
      <enum name="ClearText" value="3"/>
    </attribute>
    <element name="manyToOneMappings">
      <collection addElement="add" clearElement="clear">
        <attribute name="name" type="string" required="true" isUniqueKey="true" validationType="nonEmptyString"/>
        <attribute name="description" type="string"/>
        <attribute name="enabled" type="bool" defaultValue="true"/>
        <attribute name="permissionMode" type="enum" defaultValue="Allow"><enum name="Allow" value="1"/><enum name="Deny" value="2"/></attribute>
        <element name="rules">
          <collection addElement="add" clearElement="clear">
            <attribute name="certificateField" type="enum" required="true" isCombinedKey="true">
              <enum name="Subject" value="1"/>
              <enum name="Issuer" value="2"/>
            </attribute>
            <attribute name="certificateSubField" type="string" required="true" isCombinedKey="true" caseSensitive="true"/>
            <attribute name="matchCriteria" type="string" required="true" isCombinedKey="true" caseSensitive="true"/>
            <attribute name="compareCaseSensitive" type="bool" defaultValue="true" isCombinedKey="true"/>
          </collection>
        </element>
        <attribute name="userName" type="string" validationType="nonEmptyString"/>
        <attribute name="password" type="string" defaultValue="[enc:IISCngProvider::enc]" caseSensitive="true" encrypted="true"/>
      </collection>
    </element>
    <element name="oneToOneMappings">
      <collection addElement="add" clearElement="clear">
        <attribute name="enabled" type="bool" defaultValue="true"/>
        <attribute name="userName" type="string"/>
        <attribute name="password" type="string" defaultValue="[enc:IISCngProvider::enc]" caseSensitive="true" encrypted="true"/>
        <attribute name="certificate" type="string" required="true" isUniqueKey="true" caseSensitive="true"/>
      </collection>
    </element>
  </sectionSchema>
  <sectionSchema name="system.webServer/security/authorization">
    <attribute name="bypassLoginPages" type="bool" defaultValue="true"/>
    <collection addElement="add" removeElement="remove" clearElement="clear">
      <attribute name="accessType" type="enum" required="true"><enum name="Allow" value="0"/><enum name="Deny" value="1"/></attribute>
      <attribute name="users" type="string" isCombinedKey="true"/>
      <attribute name="roles" type="string" isCombinedKey="true"/>
      <attribute name="verbs" type="string" isCombinedKey="true" caseSensitive="true"/>
    </collection>
  </sectionSchema>
  <sectionSchema name="system.webServer/security/requestFiltering">
    <attribute name="allowDoubleEscaping" type="bool" defaultValue="false"/>
    <attribute name="allowHighBitCharacters" type="bool" defaultValue="true"/>
    <attribute name="unescapeQueryString" type="bool" defaultValue="true"/>
    <attribute name="removeServerHeader" type="bool" defaultValue="false"/>
    <element name="fileExtensions">
      <attribute name="allowUnlisted" type="bool" defaultValue="true"/>
      <attribute name="applyToWebDAV" type="bool" defaultValue="true"/>
      <collection addElement="add" removeElement="remove" clearElement="clear">
        <attribute name="fileExtension" type="string" required="true" isUniqueKey="true" validationType="nonEmptyString"/>
        <attribute name="allowed" type="bool" defaultValue="true" required="true"/>
      </collection>
    </element>
    <element name="requestLimits">
      <attribute name="maxAllowedContentLength" type="uint" defaultValue="30000000"/>
      <attribute name="maxUrl" type="uint" defaultValue="4096"/>
      <attribute name="maxQueryString" type="uint" defaultValue="2048"/>
      <element name="headerLimits">
        <collection addElement="add" removeElement="remove" clearElement="clear">
          <attribute name="header" type="string" required="true" isUniqueKey="true" validationType="nonEmptyString"/>
          <attribute name="sizeLimit" type="uint" required="true"/>
        </collection>
      </element>
    </element>
    <element name="verbs">
      <attribute name="allowUnlisted" type="bool" defaultValue="true"/>
      <attribute name="applyToWebDAV" type="bool" defaultValue="true"/>
      <collection addElement="add" removeElement="remove" clearElement="clear">
        <attribute name="verb" type="string" required="true" isUniqueKey="true" caseSensitive="true" validationType="nonEmptyString"/>
        <attribute name="allowed" type="bool" required="true"/>
      </collection>
    </element>
    <element name="hiddenSegments">
      <attribute name="applyToWebDAV" type="bool" defaultValue="true"/>
      <collection addElement="add" removeElement="remove" clearElement="clear">
        <attribute name="segment" type="string" required="true" isUniqueKey="true" validationType="nonEmptyString"/>
      </collection>
    </element>
    <element name="alwaysAllowedUrls">
      <collection addElement="add" removeElement="remove" clearElement="clear">
        <attribute name="url" type="string" required="true" isUniqueKey="true" validationType="nonEmptyString"/>
      </collection>
    </element>
    <element name="alwaysAllowedQueryStrings">
      <collection addElement="add" removeElement="remove" clearElement="clear">
        <attribute name="queryString" type="string" required="true" isUniqueKey="true" validationType="nonEmptyString"/>
      </collection>
    </element>
    <element name="denyUrlSequences">
      <collection addElement="add" removeElement="remove" clearElement="clear">
        <attribute name="sequence" type="string" required="true" isUniqueKey="true" validationType="nonEmptyString"/>
      </collection>
    </element>
    <element name="denyQueryStringSequences">
      <collection addElement="add" removeElement="remove" clearElement="clear">
        <attribute name="sequence" type="string" required="true" isUniqueKey="true" validationType="nonEmptyString"/>
      </collection>
    </element>
    <element name="filteringRules">
      <collection addElement="filteringRule" removeElement="remove" clearElement="clear">
        <attribute name="name" type="string" required="true" isUniqueKey="true"/>
        <attribute name="scanUrl" type="bool" defaultValue="false"/>
        <attribute name="scanQueryString" type="bool" defaultValue="false"/>
        <attribute name="scanAllRaw" type="bool" defaultValue="false"/>
        <attribute name="denyUnescapedPercent" type="bool" defaultValue="true"/>
        <element name="scanHeaders">
          <collection addElement="add" removeElement="remove" clearElement="clear">
            <attribute name="requestHeader" type="string" required="true" isUniqueKey="true" validationType="nonEmptyString"/>
          </collection>
        </element>
        <element name="appliesTo">
          <collection addElement="add" removeElement="remove" clearElement="clear">
            <attribute name="fileExtension" type="string" required="true" isUniqueKey="true" validationType="nonEmptyString"/>
          </collection>
        </element>
        <element name="denyStrings">
          <collection addElement="add" removeElement="remove" clearElement="clear">
            <attribute name="string" type="string" required="true" isUniqueKey="true" validationType="nonEmptyString"/>
          </collection>
        </element>
      </collection>
    </element>
  </sectionSchema>
  <sectionSchema name="system.webServer/security/isapiCgiRestriction">
    <collection addElement="add" removeElement="remove" clearElement="clear">
      <attribute name="path" type="string" required="true" isUniqueKey="true" expanded="true" validationType="nonEmptyString"/>
      <attribute name="allowed" type="bool" defaultValue="false" required="true"/>
      <attribute name="groupId" type="string"/>
      <attribute name="description" type="string"/>
    </collection>
    <attribute name="notListedIsapisAllowed" type="bool" defaultValue="false"/>
    <attribute name="notListedCgisAllowed" type="bool" defaultValue="false"/>
  </sectionSchema>
  <sectionSchema name="system.webServer/security/ipSecurity">
    <attribute name="enableReverseDns" type="bool" defaultValue="false"/>
    <attribute name="allowUnlisted" type="bool" defaultValue="true"/>
    <attribute name="enableProxyMode" type="bool" defaultValue="false"/>
    <attribute name="denyAction" type="enum" defaultValue="Forbidden">
      <enum name="AbortRequest" value="0"/>
      <enum name="Unauthorized" value="401"/>
      <enum name="Forbidden" value="403"/>
      <enum name="NotFound" value="404"/>
    </attribute>
    <collection addElement="add" removeElement="remove" clearElement="clear">
      <attribute name="ipAddress" type="string" isCombinedKey="true"/>
      <attribute name="subnetMask" type="string" defaultValue="255.255.255.255" isCombinedKey="true"/>
      <attribute name="domainName" type="string" isCombinedKey="true"/>
      <attribute name="allowed" type="bool" defaultValue="false"/>
    </collection>
  </sectionSchema>
  <sectionSchema name="system.webServer/directoryBrowse">
    <attribute name="enabled" type="bool" defaultValue="false"/>
    <attribute name="showFlags" type="flags" defaultValue="Date,Time,Size,Extension">
      <flag name="None" value="0"/>
      <flag name="Date" value="2"/>
      <flag name="Time" value="4"/>
      <flag name="Size" value="8"/>
      <flag name="Extension" value="16"/>
      <flag name="LongDate" value="32"/>
    </attribute>
  </sectionSchema>
  <sectionSchema name="system.webServer/httpProtocol">
    <element name="customHeaders">
      <collection addElement="add" removeElement="remove" clearElement="clear">
        <attribute name="name" type="string" isUniqueKey="true"/>
        <attribute name="value" type="string" caseSensitive="true"/>
      </collection>
    </element>
    <element name="redirectHeaders">
      <collection addElement="add" removeElement="remove" clearElement="clear">
        <attribute name="name" type="string" isUniqueKey="true"/>
        <attribute name="value" type="string" caseSensitive="true"/>
      </collection>
    </element>
    <attribute name="allowKeepAlive" type="bool" defaultValue="true"/>
  </sectionSchema>
  <sectionSchema name="system.webServer/httpErrors">
    <attribute name="errorMode" type="enum" defaultValue="DetailedLocalOnly">
      <enum name="DetailedLocalOnly" value="0"/>
      <enum name="Custom" value="1"/>
      <enum name="Detailed" value="2"/>
    </attribute>
    <attribute name="existingResponse" type="enum" defaultValue="Auto">
      <enum name="Auto" value="0"/>
      <enum name="Replace" value="1"/>
      <enum name="PassThrough" value="2"/>
    </attribute>
    <attribute name="defaultPath" type="string" expanded="true"/>
    <attribute name="defaultResponseMode" type="enum" defaultValue="File">
      <enum name="File" value="0"/>
      <enum name="ExecuteURL" value="1"/>
      <enum name="Redirect" value="2"/>
    </attribute>
    <attribute name="detailedMoreInformationLink" type="string" defaultValue="https://go.microsoft.com/fwlink/?LinkID=62293"/>
    <attribute name="allowAbsolutePathsWhenDelegated" type="bool" defaultValue="false"/>
    <collection addElement="error" removeElement="remove" clearElement="clear">
      <attribute name="statusCode" type="uint" required="true" isCombinedKey="true" validationType="integerRange" validationParameter="400,999"/>
      <attribute name="subStatusCode" type="int" defaultValue="-1" isCombinedKey="true" validationType="integerRange" validationParameter="-1,999"/>
      <attribute name="prefixLanguageFilePath" type="string" defaultValue="" expanded="true"/>
      <attribute name="path" type="string" required="true" expanded="true" validationType="nonEmptyString"/>
      <attribute name="responseMode" type="enum" defaultValue="File">
        <enum name="File" value="0"/>
        <enum name="ExecuteURL" value="1"/>
        <enum name="Redirect" value="2"/>
      </attribute>
    </collection>
  </sectionSchema>
  <sectionSchema name="system.webServer/httpLogging">
    <attribute name="selectiveLogging" type="enum" defaultValue="LogAll">
      <enum name="LogAll" value="0"/>
      <enum name="LogSuccessful" value="1"/>
      <enum name="LogError" value="2"/>
    </attribute>
    <attribute name="dontLog" type="bool" defaultValue="false"/>
  </sectionSchema>
  <sectionSchema name="system.webServer/httpRedirect">
    <attribute name="enabled" type="bool" defaultValue="false"/>
    <attribute name="destination" type="string"/>
    <collection addElement="add" removeElement="remove" clearElement="clear">
      <attribute name="wildcard" type="string" required="true" isUniqueKey="true" validationType="nonEmptyString"/>
      <attribute name="destination" type="string" required="true" validationType="nonEmptyString"/>
    </collection>
    <attribute name="exactDestination" type="bool" defaultValue="false"/>
    <attribute name="childOnly" type="bool" defaultValue="false"/>
    <attribute name="httpResponseStatus" type="enum" defaultValue="Found">
      <enum name="Permanent" value="301"/>
      <enum name="Found" value="302"/>
      <enum name="Temporary" value="307"/>
      <enum name="PermRedirect" value="308"/>
    </attribute>
  </sectionSchema>
  <sectionSchema name="system.webServer/validation">
    <attribute name="validateIntegratedModeConfiguration" type="bool" defaultValue="true"/>
  </sectionSchema>
  <sectionSchema name="system.webServer/defaultDocument">
    <attribute name="enabled" type="bool" defaultValue="true"/>
    <element name="files">
      <collection addElement="add" removeElement="remove" clearElement="clear" mergeAppend="false">
        <attribute name="value" type="string" isUniqueKey="true"/>
      </collection>
    </element>
  </sectionSchema>
  <sectionSchema name="system.webServer/staticContent">
    <element name="clientCache">
      <attribute name="cacheControlMode" type="enum" defaultValue="NoControl">
        <enum name="NoControl" value="0"/>
        <enum name="DisableCache" value="1"/>
        <enum name="UseMaxAge" value="2"/>
        <enum name="UseExpires" value="3"/>
      </attribute>
      <attribute name="cacheControlMaxAge" type="timeSpan" defaultValue="1.00:00:00"/>
      <attribute name="httpExpires" type="string"/>
      <attribute name="cacheControlCustom" type="string"/>
      <attribute name="setEtag" type="bool" defaultValue="true"/>
    </element>
    <attribute name="defaultDocFooter" type="string" caseSensitive="true"/>
    <attribute name="isDocFooterFileName" type="bool" defaultValue="false"/>
    <attribute name="enableDocFooter" type="bool" defaultValue="false"/>
    <collection addElement="mimeMap" removeElement="remove" clearElement="clear">
      <attribute name="fileExtension" type="string" required="true" isUniqueKey="true"/>
      <attribute name="mimeType" type="string" required="true" validationType="nonEmptyString"/>
    </collection>
  </sectionSchema>
  <sectionSchema name="system.webServer/serverRuntime">
    <attribute name="enabled" type="bool" defaultValue="true"/>
    <attribute name="appConcurrentRequestLimit" type="uint" defaultValue="5000"/>
    <attribute name="maxRequestEntityAllowed" type="uint" defaultValue="4294967295"/>
    <attribute name="uploadReadAheadSize" type="uint" defaultValue="49152" validationType="integerRange" validationParameter="0,2147483647"/>
    <attribute name="alternateHostName" type="string"/>
    <attribute name="enableNagling" type="bool" defaultValue="false"/>
    <attribute name="frequentHitThreshold" type="uint" defaultValue="2" validationType="integerRange" validationParameter="1,2147483647"/>
    <attribute name="frequentHitTimePeriod" type="timeSpan" defaultValue="00:00:10"/>
    <attribute name="authenticatedUserOverride" type="enum" defaultValue="UseAuthenticatedUser">
      <enum name="UseAuthenticatedUser" value="1"/>
      <enum name="UseWorkerProcessUser" value="2"/>
    </attribute>
  </sectionSchema>
  <sectionSchema name="system.webServer/asp">
    <attribute name="appAllowClientDebug" type="bool" defaultValue="false"/>
    <attribute name="appAllowDebugging" type="bool" defaultValue="false"/>
    <attribute name="errorsToNTLog" type="bool" defaultValue="false"/>
    <attribute name="logErrorRequests" type="bool" defaultValue="true"/>
    <attribute name="calcLineNumber" type="bool" defaultValue="true"/>
    <attribute name="codePage" type="uint" defaultValue="0" validationType="integerRange" validationParameter="0,2147483647"/>
    <attribute name="enableApplicationRestart" type="bool" defaultValue="true"/>
    <attribute name="enableAspHtmlFallback" type="bool" defaultValue="true"/>
    <attribute name="enableChunkedEncoding" type="bool" defaultValue="true"/>
    <attribute name="enableParentPaths" type="bool" defaultValue="false"/>
    <attribute name="exceptionCatchEnable" type="bool" defaultValue="true"/>
    <attribute name="lcid" type="uint" defaultValue="0" validationType="integerRange" validationParameter="0,2147483647"/>
    <attribute name="runOnEndAnonymously" type="bool" defaultValue="true"/>
    <attribute name="scriptErrorMessage" type="string" defaultValue="@ASP_SCRIPT_ERROR_MESSAGE@" validationType="nonEmptyString"/>
    <attribute name="scriptErrorSentToBrowser" type="bool" defaultValue="false"/>
    <attribute name="scriptLanguage" type="string" defaultValue="VBScript" validationType="nonEmptyString"/>
    <attribute name="bufferingOn" type="bool" defaultValue="true"/>
    <element name="session">
      <attribute name="allowSessionState" type="bool" defaultValue="true"/>
      <attribute name="keepSessionIdSecure" type="bool" defaultValue="true"/>
      <attribute name="max" type="uint" defaultValue="4294967295"/>
      <attribute name="timeout" type="timeSpan" defaultValue="00:20:00" validationType="timeSpanRange" validationParameter="0,31536000,60"/>
    </element>
    <element name="comPlus">
      <attribute name="appServiceFlags" type="flags" defaultValue="None">
        <flag name="None" value="0"/>
        <flag name="EnableTracker" value="1"/>
        <flag name="EnableSxS" value="2"/>
        <flag name="UsePartition" value="4"/>
      </attribute>
      <attribute name="sxsName" type="string" validationType="nonEmptyString"/>
      <attribute name="partitionId" type="string" defaultValue="00000000-0000-0000-0000-000000000000"/>
      <attribute name="trackThreadingModel" type="bool" defaultValue="false"/>
      <attribute name="executeInMta" type="bool" defaultValue="false"/>
    </element>
    <element name="cache">
      <attribute name="diskTemplateCacheDirectory" type="string" defaultValue="%SystemDrive%\inetpub\temp\ASP Compiled Templates" expanded="true"
          validationType="nonEmptyString"/>
      <attribute name="maxDiskTemplateCacheFiles" type="uint" defaultValue="2000" validationType="integerRange" validationParameter="0,2147483647"/>
      <attribute name="scriptFileCacheSize" type="uint" defaultValue="500" validationType="integerRange" validationParameter="0,2147483647"/>
      <attribute name="scriptEngineCacheMax" type="uint" defaultValue="250" validationType="integerRange" validationParameter="0,2147483647"/>
      <attribute name="enableTypelibCache" type="bool" defaultValue="true"/>
    </element>
    <element name="limits">
      <attribute name="scriptTimeout" type="timeSpan" defaultValue="00:01:30"/>
      <attribute name="bufferingLimit" type="uint" defaultValue="4194304" validationType="integerRange" validationParameter="0,2147483647"/>
      <attribute name="maxRequestEntityAllowed" type="uint" defaultValue="200000" validationType="integerRange" validationParameter="0,2147483647"/>
      <attribute name="processorThreadMax" type="uint" defaultValue="25" validationType="integerRange" validationParameter="0,2147483647"/>
      <attribute name="queueConnectionTestTime" type="timeSpan" defaultValue="00:00:03" validationType="timeSpanRange"
          validationParameter="1,2147483647,1"/>
      <attribute name="queueTimeout" type="timeSpan" defaultValue="00:00:00"/>
      <attribute name="requestQueueMax" type="uint" defaultValue="3000" validationType="integerRange" validationParameter="0,2147483647"/>
    </element>
  </sectionSchema>
  <sectionSchema name="system.webServer/urlCompression">
    <attribute name="doStaticCompression" type="bool" defaultValue="true"/>
    <attribute name="doDynamicCompression" type="bool" defaultValue="true"/>
    <attribute name="dynamicCompressionBeforeCache" type="bool" defaultValue="false"/>
  </sectionSchema>
  <sectionSchema name="system.web/httpModules">
    <collection addElement="add" removeElement="remove" clearElement="clear">
      <attribute name="name" type="string" required="true" isUniqueKey="true" validationType="nonEmptyString"/>
      <attribute name="type" type="string" required="true"/>
    </collection>
  </sectionSchema>
  <sectionSchema name="system.web/httpHandlers">
    <collection addElement="add" removeElement="remove" clearElement="clear" mergeAppend="false" allowDuplicates="true">
      <attribute name="path" type="string" required="true" isCombinedKey="true"/>
      <attribute name="type" type="string" required="true"/>
      <attribute name="validate" type="bool" defaultValue="True"/>
      <attribute name="verb" type="string" required="true" isCombinedKey="true"/>
    </collection>
  </sectionSchema>
  <sectionSchema name="system.web/httpRuntime" allowUnrecognizedAttributes="true">
    <attribute name="apartmentThreading" type="bool" defaultValue="False"/>
    <attribute name="appRequestQueueLimit" type="int" defaultValue="5000" validationType="integerRange" validationParameter="1,2147483647"/>
    <attribute name="delayNotificationTimeout" type="timeSpan" defaultValue="5" timeSpanFormat="seconds"/>
    <attribute name="enable" type="bool" defaultValue="True"/>
    <attribute name="enableHeaderChecking" type="bool" defaultValue="True"/>
    <attribute name="enableKernelOutputCache" type="bool" defaultValue="True"/>
    <attribute name="enableVersionHeader" type="bool" defaultValue="True"/>
    <attribute name="executionTimeout" type="timeSpan" defaultValue="110" timeSpanFormat="seconds" validationType="timeSpanRange"
        validationParameter="0,2147483647,1"/>
    <attribute name="maxRequestLength" type="int" defaultValue="4096" validationType="integerRange" validationParameter="0,2147483647"/>
    <attribute name="maxWaitChangeNotification" type="int" defaultValue="0" validationType="integerRange" validationParameter="0,2147483647"/>
    <attribute name="minFreeThreads" type="int" defaultValue="8" validationType="integerRange" validationParameter="0,2147483647"/>
    <attribute name="minLocalRequestFreeThreads" type="int" defaultValue="4" validationType="integerRange" validationParameter="0,2147483647"/>
    <attribute name="requestLengthDiskThreshold" type="int" defaultValue="80" validationType="integerRange" validationParameter="1,2147483647"/>
    <attribute name="requireRootedSaveAsPath" type="bool" defaultValue="True"/>
    <attribute name="sendCacheControlHeader" type="bool" defaultValue="True"/>
    <attribute name="shutdownTimeout" type="timeSpan" defaultValue="90" timeSpanFormat="seconds"/>
    <attribute name="useFullyQualifiedRedirectUrl" type="bool" defaultValue="False"/>
    <attribute name="waitChangeNotification" type="int" defaultValue="0" validationType="integerRange" validationParameter="0,2147483647"/>
    <attribute name="maxUrlLength" type="int" defaultValue="260"/>
    <attribute name="maxQueryStringLength" type="int" defaultValue="2048"/>
    <attribute name="relaxedUrlToFileSystemMapping" type="bool" defaultValue="False"/>
    <attribute name="requestPathInvalidCharacters" type="string"/>
    <attribute name="requestValidationMode" type="string"/>
    <attribute name="requestValidationType" type="string"/>
    <attribute name="encoderType" type="string"/>
    <attribute name="asyncPreloadMode" type="enum" defaultValue="None">
      <enum name="None" value="0"/>
      <enum name="Form" value="1"/>
      <enum name="FormMultiPart" value="2"/>
      <enum name="NonForm" value="4"/>
      <enum name="AllFormTypes" value="3"/>
      <enum name="All" value="7"/>
    </attribute>
  </sectionSchema>
  <sectionSchema name="system.web/customErrors">
    <attribute name="allowNestedErrors" type="bool" defaultValue="False"/>
    <attribute name="defaultRedirect" type="string"/>
    <collection addElement="error">
      <attribute name="redirect" type="string" required="true" validationType="nonEmptyString"/>
      <attribute name="statusCode" type="int" required="true" isUniqueKey="true" validationType="integerRange" validationParameter="100,999"/>
    </collection>
    <attribute name="mode" type="enum" defaultValue="RemoteOnly">
      <enum name="RemoteOnly" value="0"/>
      <enum name="On" value="1"/>
      <enum name="Off" value="2"/>
    </attribute>
    <attribute name="redirectMode" type="string" defaultValue="ResponseRedirect" validationType="nonEmptyString"/>
  </sectionSchema>
  <sectionSchema name="system.web/compilation">
    <element name="assemblies">
      <collection addElement="add" removeElement="remove" clearElement="clear" allowDuplicates="true">
        <attribute name="assembly" type="string" required="true" isUniqueKey="true" validationType="nonEmptyString"/>
      </collection>
    </element>
    <attribute name="assemblyPostProcessorType" type="string"/>
    <attribute name="batch" type="bool" defaultValue="True"/>
    <attribute name="batchTimeout" type="timeSpan" defaultValue="900" allowInfinite="true" timeSpanFormat="seconds" validationType="timeSpanRange"
        validationParameter="0,2147483647,1"/>
    <element name="buildProviders">
      <collection addElement="add" removeElement="remove" clearElement="clear">
        <attribute name="extension" type="string" required="true" isUniqueKey="true" validationType="nonEmptyString"/>
        <attribute name="type" type="string" required="true" validationType="nonEmptyString"/>
      </collection>
    </element>
    <element name="codeSubDirectories">
      <collection addElement="add">
        <attribute name="directoryName" type="string" required="true" isUniqueKey="true" validationType="requireTrimmedString"/>
      </collection>
    </element>
    <attribute name="debug" type="bool" defaultValue="False"/>
    <attribute name="defaultLanguage" type="string" defaultValue="vb"/>
    <attribute name="enablePrefetchOptimization" type="bool" defaultValue="False"/>
    <attribute name="explicit" type="bool" defaultValue="True"/>
    <element name="expressionBuilders">
      <collection addElement="add" removeElement="remove" clearElement="clear">
        <attribute name="expressionPrefix" type="string" required="true" isUniqueKey="true" validationType="nonEmptyString"/>
        <attribute name="type" type="string" required="true" validationType="nonEmptyString"/>
      </collection>
    </element>
    <attribute name="maxBatchGeneratedFileSize" type="int" defaultValue="1000" validationType="integerRange" validationParameter="0,2147483647"/>
    <attribute name="maxBatchSize" type="int" defaultValue="1000" validationType="integerRange" validationParameter="0,2147483647"/>
    <attribute name="numRecompilesBeforeAppRestart" type="int" defaultValue="15" validationType="integerRange" validationParameter="0,2147483647"/>
    <attribute name="strict" type="bool" defaultValue="False"/>
    <attribute name="tempDirectory" type="string"/>
    <attribute name="urlLinePragmas" type="bool" defaultValue="False"/>
    <attribute name="profileGuidedOptimizations" type="string" defaultValue="All"/>
    <attribute name="optimizeCompilations" type="bool" defaultValue="False"/>
    <attribute name="targetFramework" type="string"/>
    <element name="folderLevelBuildProviders">
      <collection addElement="add" removeElement="remove" clearElement="clear">
        <attribute name="name" type="string" required="true" isUniqueKey="true" validationType="nonEmptyString"/>
        <attribute name="type" type="string" required="true" validationType="nonEmptyString"/>
      </collection>
    </element>
  </sectionSchema>
  <sectionSchema name="system.web/trace">
    <attribute name="enabled" type="bool" defaultValue="False"/>
    <attribute name="localOnly" type="bool" defaultValue="True"/>
    <attribute name="mostRecent" type="bool" defaultValue="False"/>
    <attribute name="pageOutput" type="bool" defaultValue="False"/>
    <attribute name="requestLimit" type="int" defaultValue="10" validationType="integerRange" validationParameter="0,2147483647"/>
    <attribute name="traceMode" type="enum" defaultValue="SortByTime">
      <enum name="SortByTime" value="1"/>
      <enum name="SortByCategory" value="2"/>
    </attribute>
    <attribute name="writeToDiagnosticsTrace" type="bool" defaultValue="False"/>
  </sectionSchema>
  <sectionSchema name="system.web/httpCookies">
    <attribute name="domain" type="string"/>
    <attribute name="httpOnlyCookies" type="bool" defaultValue="False"/>
    <attribute name="requireSSL" type="bool" defaultValue="False"/>
    <attribute name="sameSite" type="enum" defaultValue="Unspecified">
      <enum name="None" value="0"/>
      <enum name="Lax" value="1"/>
      <enum name="Strict" value="2"/>
      <enum name="Unspecified" value="99"/>
    </attribute>
  </sectionSchema>
  <sectionSchema name="system.web/sessionState">
    <attribute name="allowCustomSqlDatabase" type="bool" defaultValue="False"/>
    <attribute name="cookieless" type="enum" defaultValue="UseCookies">
      <enum name="UseUri" value="0"/>
      <enum name="UseCookies" value="1"/>
      <enum name="AutoDetect" value="2"/>
      <enum name="UseDeviceProfile" value="3"/>
      <enum name="true" value="0"/>
      <enum name="false" value="1"/>
    </attribute>
    <attribute name="cookieName" type="string" defaultValue="ASP.NET_SessionId"/>
    <attribute name="cookieSameSite" type="enum" defaultValue="Lax">
      <enum name="None" value="0"/>
      <enum name="Lax" value="1"/>
      <enum name="Strict" value="2"/>
      <enum name="Unspecified" value="99"/>
    </attribute>
    <attribute name="customProvider" type="string"/>
    <attribute name="mode" type="enum" defaultValue="InProc">
      <enum name="Off" value="0"/>
      <enum name="InProc" value="1"/>
      <enum name="StateServer" value="2"/>
      <enum name="SQLServer" value="3"/>
      <enum name="Custom" value="4"/>
    </attribute>
    <attribute name="partitionResolverType" type="string"/>
    <element name="providers">
      <collection addElement="add" removeElement="remove" clearElement="clear" allowUnrecognizedAttributes="true">
        <attribute name="name" type="string" required="true" isUniqueKey="true"/>
        <attribute name="type" type="string" required="true"/>
      </collection>
    </element>
    <attribute name="regenerateExpiredSessionId" type="bool" defaultValue="True"/>
    <attribute name="sessionIDManagerType" type="string"/>
    <attribute name="sqlCommandTimeout" type="timeSpan" defaultValue="30" allowInfinite="true" timeSpanFormat="seconds"/>
    <attribute name="sqlConnectionString" type="string" defaultValue="data source=localhost;Integrated Security=SSPI"/>
    <attribute name="stateConnectionString" type="string" defaultValue="tcpip=loopback:42424"/>
    <attribute name="stateNetworkTimeout" type="timeSpan" defaultValue="10" allowInfinite="true" timeSpanFormat="seconds"/>
    <attribute name="timeout" type="timeSpan" defaultValue="20" allowInfinite="true" timeSpanFormat="minutes" validationType="timeSpanRange"
        validationParameter="1,2147483640,60"/>
    <attribute name="useHostingIdentity" type="bool" defaultValue="True"/>
    <attribute name="sqlConnectionRetryInterval" type="timeSpan" defaultValue="0" allowInfinite="true" timeSpanFormat="seconds"/>
    <attribute name="compressionEnabled" type="bool" defaultValue="False"/>
  </sectionSchema>
  <sectionSchema name="system.web/machineKey">
    <attribute name="decryption" type="string" defaultValue="Auto" validationType="requireTrimmedString"/>
    <attribute name="decryptionKey" type="string" defaultValue="AutoGenerate,IsolateApps" validationType="requireTrimmedString"/>
    <attribute name="validation" type="enum" defaultValue="SHA1">
      <enum name="MD5" value="0"/>
      <enum name="SHA1" value="1"/>
      <enum name="3DES" value="2"/>
      <enum name="AES" value="3"/>
      <enum name="HMACSHA256" value="4"/>
      <enum name="HMACSHA384" value="5"/>
      <enum name="HMACSHA512" value="6"/>
    </attribute>
    <attribute name="validationKey" type="string" defaultValue="AutoGenerate,IsolateApps" validationType="requireTrimmedString"/>
    <attribute name="applicationName" type="string" defaultValue=""/>
    <attribute name="dataProtectorType" type="string" defaultValue=""/>
    <attribute name="compatibilityMode" type="enum" defaultValue="Framework20SP1">
      <enum name="Framework20SP1" value="0"/>
      <enum name="Framework20SP2" value="1"/>
      <enum name="Framework45" value="2"/>
    </attribute>
  </sectionSchema>
  <sectionSchema name="system.web/authentication">
    <element name="forms">
      <attribute name="cookieless" type="enum" defaultValue="UseDeviceProfile">
        <enum name="UseUri" value="0"/>
        <enum name="UseCookies" value="1"/>
        <enum name="AutoDetect" value="2"/>
        <enum name="UseDeviceProfile" value="3"/>
      </attribute>
      <element name="credentials">
        <attribute name="passwordFormat" type="enum" defaultValue="SHA1">
          <enum name="Clear" value="0"/>
          <enum name="SHA1" value="1"/>
          <enum name="MD5" value="2"/>
          <enum name="SHA256" value="3"/>
          <enum name="SHA384" value="4"/>
          <enum name="SHA512" value="5"/>
        </attribute>
        <collection addElement="user">
          <attribute name="name" type="string" required="true" isUniqueKey="true"/>
          <attribute name="password" type="string" required="true"/>
        </collection>
      </element>
      <attribute name="defaultUrl" type="string" defaultValue="default.aspx" validationType="nonEmptyString"/>
      <attribute name="domain" type="string"/>
      <attribute name="enableCrossAppRedirects" type="bool" defaultValue="False"/>
      <attribute name="loginUrl" type="string" defaultValue="login.aspx" validationType="nonEmptyString"/>
      <attribute name="name" type="string" defaultValue=".ASPXAUTH" validationType="nonEmptyString"/>
      <attribute name="path" type="string" defaultValue="/" validationType="nonEmptyString"/>
      <attribute name="protection" type="enum" defaultValue="All">
        <enum name="All" value="0"/>
        <enum name="None" value="1"/>
        <enum name="Encryption" value="2"/>
        <enum name="Validation" value="3"/>
      </attribute>
      <attribute name="requireSSL" type="bool" defaultValue="False"/>
      <attribute name="cookieSameSite" type="enum" defaultValue="Lax">
        <enum name="None" value="0"/>
        <enum name="Lax" value="1"/>
        <enum name="Strict" value="2"/>
        <enum name="Unspecified" value="99"/>
      </attribute>
      <attribute name="slidingExpiration" type="bool" defaultValue="True"/>
      <attribute name="timeout" type="timeSpan" defaultValue="30" timeSpanFormat="minutes" validationType="timeSpanRange"
          validationParameter="60,2147483640,60"/>
      <attribute name="ticketCompatibilityMode" type="string" validationType="nonEmptyString"/>
    </element>
    <attribute name="mode" type="enum" defaultValue="Windows">
      <enum name="None" value="0"/>
      <enum name="Windows" value="1"/>
      <enum name="Passport" value="2"/>
      <enum name="Forms" value="3"/>
      <enum name="Federated" value="4"/>
    </attribute>
    <element name="passport">
      <attribute name="redirectUrl" type="string" defaultValue="internal"/>
    </element>
  </sectionSchema>
</configSchema>
'''


def _build():
    text = _TEMPLATE
    for placeholder, value in _LONG_VALUES.items():
        text = text.replace(placeholder, _xml_attr_escape(value))
    return text


BUILTIN_SCHEMA_XML = _build()
