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
# $known: the SHA-256 of the contents the controller already holds (read cache): such contents are
# not sent again. $bytesOut: a [ref] that receives the bytes read (hashed and parsed from one read).
function Get-FileState([string]$path, [bool]$withData, $known = $null, $bytesOut = $null) {
    $expanded = Get-HostPath $path
    $entry = [ordered]@{ path = $path; expanded = $expanded; exists = $false; sha256 = $null; data = $null }
    if ([IO.File]::Exists($expanded)) {
        $bytes = [IO.File]::ReadAllBytes($expanded)
        $entry.exists = $true
        $entry.sha256 = Get-Sha256Hex $bytes
        if ($withData -and -not (($null -ne $known) -and $known.Contains($entry.sha256))) { $entry.data = [Convert]::ToBase64String($bytes) }
        if ($null -ne $bytesOut) { $bytesOut.Value = $bytes }
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

$result = [ordered]@{ failed = $false; files = $null; listing = $null; schema = $null; http_sys = $null; environment = [ordered]@{} }
foreach ($name in @('SystemDrive', 'SystemRoot', 'windir', 'ProgramFiles', 'ProgramFiles(x86)', 'ProgramData', 'PUBLIC')) {
    $result.environment[$name] = [Environment]::GetEnvironmentVariable($name)
}
$known = New-Object 'Collections.Generic.HashSet[string]' ([StringComparer]::OrdinalIgnoreCase)
foreach ($hash in @($data.known)) { if ($hash) { [void]$known.Add([string]$hash) } }
# The same text as windows_host.listing_digest: four fields per entry, each followed by a NUL.
function Get-ListingDigest($entries) {
    $text = New-Object Text.StringBuilder
    foreach ($entry in $entries) {
        $flag = '0'
        if ($entry.exists) { $flag = '1' }
        foreach ($field in @([string]$entry.path, [string]$entry.expanded, $flag, [string]$entry.sha256)) {
            [void]$text.Append($field).Append([char]0)
        }
    }
    Get-Sha256Hex ($utf8.GetBytes($text.ToString()))
}
function Test-AnyData($entries) {
    foreach ($entry in $entries) { if ($null -ne $entry.data) { return $true } }
    $false
}
$files = New-Object Collections.Generic.List[object]
$paths = New-Object Collections.Generic.List[string]
foreach ($path in @($data.files)) { $paths.Add([string]$path) }
if ($data.apphost) {
    $apphostBytes = $null
    $apphost = Get-FileState $data.apphost $true $known ([ref]$apphostBytes)
    $files.Add($apphost)
    if ($apphost.exists) {
        try {
            # Only attribute values are taken from the file; DTDs and external entities are refused.
            $settings = New-Object Xml.XmlReaderSettings
            $settings.DtdProcessing = [Xml.DtdProcessing]::Prohibit
            $settings.XmlResolver = $null
            $stream = New-Object IO.MemoryStream (, $apphostBytes)
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
    $files.Add((Get-FileState $path $true $known))
}
$result.listing = Get-ListingDigest $files
if (($result.listing -ne $data.listing) -or (Test-AnyData $files)) { $result.files = $files.ToArray() }
if ($data.schema_dir) {
    $schemaDir = Get-HostPath $data.schema_dir
    $schema = [ordered]@{ listing = $null; files = $null }
    $schemaFiles = New-Object Collections.Generic.List[object]
    if ([IO.Directory]::Exists($schemaDir)) {
        foreach ($item in @(Get-ChildItem -LiteralPath $schemaDir -File | Where-Object { $_.Extension -eq '.xml' } | Sort-Object Name)) {
            $schemaFiles.Add((Get-FileState ($data.schema_dir.TrimEnd([char[]]'\') + '\' + $item.Name) $true $known))
        }
    }
    $schema.listing = Get-ListingDigest $schemaFiles
    if (($schema.listing -ne $data.schema_listing) -or (Test-AnyData $schemaFiles)) { $schema.files = $schemaFiles.ToArray() }
    $result.schema = $schema
}
if ($data.http_sys) {
    $netsh = Invoke-Native $data.netsh $data.http_sys_arguments
    $netsh['sha256'] = Get-Sha256Hex ($utf8.GetBytes([string]$netsh.stdout))
    if ($known.Contains($netsh.sha256)) { $netsh.stdout = $null }
    $result.http_sys = $netsh
}
Write-Result $result

# -- stdin line 2 (base64 UTF-8): its data, JSON (file contents abbreviated here)
<#
{
  "apphost": "%windir%\\System32\\inetsrv\\config\\applicationHost.config",
  "files": [],
  "http_sys": false,
  "http_sys_arguments": "http show sslcert",
  "known": [],
  "listing": null,
  "netsh": "%windir%\\System32\\netsh.exe",
  "schema_dir": "%windir%\\System32\\inetsrv\\config\\schema",
  "schema_listing": null
}
#>
