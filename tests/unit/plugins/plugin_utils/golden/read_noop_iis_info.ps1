# webadmin.iis golden recording: iis_info: no-op read (1 round trip)
# What the controller sends to a Windows host, round trip by round trip (1 in all).
# Regenerate: WEBADMIN_IIS_REGEN_GOLDEN=1 python -m pytest tests/unit/plugins/plugin_utils/test_windows_host.py -k golden

# ==================================================================================================
# ROUND TRIP 1 of 1
# ==================================================================================================
# -- command line: PowerShell -NoProfile -NonInteractive -ExecutionPolicy Unrestricted -EncodedCommand <this, UTF-16LE base64>
Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
$utf8 = New-Object System.Text.UTF8Encoding $false
function Write-Result($value) {
$json = ConvertTo-Json -InputObject $value -Depth 8 -Compress
# Pipeline output, not [Console]::Out: under psrp there is no console to write to.
Write-Output ('WEBADMIN-IIS-RESULT:' + [Convert]::ToBase64String($utf8.GetBytes($json)))
}
$lines = @($input | ForEach-Object { ([string]$_).Trim() } | Where-Object { $_ })
try {
$code = $utf8.GetString([Convert]::FromBase64String($lines[0]))
$data = ConvertFrom-Json -InputObject $utf8.GetString([Convert]::FromBase64String($lines[1]))
& ([ScriptBlock]::Create($code)) $data
}
catch {
Write-Result ([ordered]@{ failed = $true; msg = $_.Exception.Message; where = [string]$_.InvocationInfo.PositionMessage })
exit 1
}

# -- stdin line 1 (base64 UTF-8): the script
param($data)
$sha = [Security.Cryptography.SHA256]::Create()
function Get-Sha256Hex([byte[]]$bytes) {
    ([BitConverter]::ToString($sha.ComputeHash($bytes)) -replace '-', '').ToLowerInvariant()
}
function Get-HostPath([string]$path) {
    [Environment]::ExpandEnvironmentVariables($path)
}
function Get-FileState([string]$path, [bool]$withData) {
    $expanded = Get-HostPath $path
    $entry = [ordered]@{ path = $path; expanded = $expanded; exists = $false; sha256 = $null; data = $null }
    if ([IO.File]::Exists($expanded)) {
        $bytes = [IO.File]::ReadAllBytes($expanded)
        $entry.exists = $true
        $entry.sha256 = Get-Sha256Hex $bytes
        if ($withData) { $entry.data = [Convert]::ToBase64String($bytes) }
    }
    $entry
}
# Starts an executable without cmd.exe: the argument string was quoted on the controller by
# appcmd.join_windows_args, the only quoting function for command lines.
function Invoke-Native([string]$file, [string]$arguments) {
    $psi = New-Object Diagnostics.ProcessStartInfo
    $psi.FileName = Get-HostPath $file
    $psi.Arguments = $arguments
    $psi.UseShellExecute = $false
    $psi.CreateNoWindow = $true
    $psi.RedirectStandardOutput = $true
    $psi.RedirectStandardError = $true
    $process = [Diagnostics.Process]::Start($psi)
    $stderr = $process.StandardError.ReadToEndAsync()
    $stdout = $process.StandardOutput.ReadToEnd()
    $process.WaitForExit()
    [ordered]@{ rc = $process.ExitCode; stdout = $stdout; stderr = $stderr.Result }
}

$result = [ordered]@{ failed = $false; files = @(); schema = $null; http_sys = $null; environment = [ordered]@{} }
foreach ($name in @('SystemDrive', 'SystemRoot', 'windir', 'ProgramFiles', 'ProgramFiles(x86)', 'ProgramData', 'PUBLIC')) {
    $result.environment[$name] = [Environment]::GetEnvironmentVariable($name)
}
$paths = New-Object Collections.Generic.List[string]
foreach ($path in @($data.files)) { $paths.Add([string]$path) }
if ($data.apphost) {
    $apphost = Get-FileState $data.apphost $true
    $result.files += $apphost
    if ($apphost.exists) {
        try {
            # Only attribute values are taken from the file; DTDs and external entities are refused.
            $settings = New-Object Xml.XmlReaderSettings
            $settings.DtdProcessing = [Xml.DtdProcessing]::Prohibit
            $settings.XmlResolver = $null
            $stream = New-Object IO.MemoryStream (, [Convert]::FromBase64String($apphost.data))
            $doc = New-Object Xml.XmlDocument
            $doc.Load([Xml.XmlReader]::Create($stream, $settings))
            foreach ($vdir in $doc.SelectNodes('/configuration/system.applicationHost/sites/site/application/virtualDirectory')) {
                $physical = $vdir.GetAttribute('physicalPath').TrimEnd([char[]]'\/')
                if ($physical) { $paths.Add($physical + '\web.config') }
            }
        }
        catch {
            # The controller parses the file too and reports where it is broken.
            $result.apphost_parse_error = $_.Exception.Message
        }
    }
}
$seen = @{}
foreach ($path in $paths) {
    $key = (Get-HostPath $path).ToLowerInvariant()
    if ($seen.ContainsKey($key)) { continue }
    $seen[$key] = $true
    $result.files += Get-FileState $path $true
}
if ($data.schema_dir) {
    $schemaDir = Get-HostPath $data.schema_dir
    $schema = [ordered]@{ fingerprint = $null; unchanged = $false; files = @() }
    if ([IO.Directory]::Exists($schemaDir)) {
        $items = @(Get-ChildItem -LiteralPath $schemaDir -File | Where-Object { $_.Extension -eq '.xml' } | Sort-Object Name)
        $stamp = @($items | ForEach-Object { '{0}|{1}|{2}' -f $_.Name, $_.Length, $_.LastWriteTimeUtc.Ticks }) -join "`n"
        $schema.fingerprint = Get-Sha256Hex ($utf8.GetBytes($stamp))
        $schema.unchanged = ($schema.fingerprint -eq $data.schema_fingerprint)
        foreach ($item in $items) {
            $schema.files += Get-FileState ($data.schema_dir.TrimEnd([char[]]'\') + '\' + $item.Name) (-not $schema.unchanged)
        }
    }
    $result.schema = $schema
}
if ($data.http_sys) {
    $result.http_sys = Invoke-Native $data.netsh $data.http_sys_arguments
}
Write-Result $result

# -- stdin line 2 (base64 UTF-8): its data, JSON (file contents abbreviated here)
<#
{
  "apphost": "%windir%\\System32\\inetsrv\\config\\applicationHost.config",
  "files": [],
  "http_sys": false,
  "http_sys_arguments": "http show sslcert",
  "netsh": "%windir%\\System32\\netsh.exe",
  "schema_dir": "%windir%\\System32\\inetsrv\\config\\schema",
  "schema_fingerprint": null
}
#>
