# webadmin.iis golden recording: iis_module: install and enable a native module, backend appcmd (2 round trips)
# What the controller sends to a Windows host, round trip by round trip (2 in all).
# Regenerate: WEBADMIN_IIS_REGEN_GOLDEN=1 python -m pytest tests/unit/plugins/plugin_utils/test_windows_goldens.py -k golden

# ==================================================================================================
# ROUND TRIP 1 of 2
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

# ==================================================================================================
# ROUND TRIP 2 of 2
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

$result = [ordered]@{ failed = $false; backend = $data.backend; steps = @(); rolled_back = $false; rollback_errors = @(); backup_files = @(); warnings = @() }
function Test-FileInUse($exception) {
    for ($e = $exception; $null -ne $e; $e = $e.InnerException) {
        if (($e -is [IO.IOException]) -or ($e -is [UnauthorizedAccessException])) { return $true }
    }
    $false
}
# Exclusive while the returned stream is open (FileShare.None); gone when it closes (DeleteOnClose).
function Enter-FileLock([string]$target) {
    $directory = [IO.Path]::GetDirectoryName($target)
    if (-not [IO.Directory]::Exists($directory)) {
        throw (New-Object InvalidOperationException ($target + ': directory ' + $directory + ' does not exist; nothing was changed'))
    }
    $lockPath = [IO.Path]::Combine($directory, '.' + [IO.Path]::GetFileName($target) + '.webadmin-iis.lock')
    $deadline = [DateTime]::UtcNow.AddSeconds([double]$data.lock_timeout)
    while ($true) {
        try {
            return [IO.FileStream]::new($lockPath, [IO.FileMode]::OpenOrCreate, [IO.FileAccess]::ReadWrite, [IO.FileShare]::None, 1,
                                        [IO.FileOptions]::DeleteOnClose)
        }
        catch {
            if (-not (Test-FileInUse $_.Exception)) { throw }
            if ([DateTime]::UtcNow -gt $deadline) {
                throw (New-Object InvalidOperationException ($target + ': another webadmin.iis run has held its lock file ' + $lockPath +
                       ' for more than ' + $data.lock_timeout + ' s; nothing was changed. Run the task again when it has finished.'))
            }
            Start-Sleep -Milliseconds 50
        }
    }
}
# Temp files of ours beside a target ('.<name>.<32 hex digits>.tmp') left by a killed run. Called
# with the target's lock held: a live writer of this collection only has them under that lock.
function Remove-StaleTemp([string]$path) {
    $target = Get-HostPath $path
    $name = [IO.Path]::GetFileName($target)
    $pattern = '^\.' + [Regex]::Escape($name) + '\.[0-9a-f]{32}\.tmp$'
    foreach ($item in @(Get-ChildItem -LiteralPath ([IO.Path]::GetDirectoryName($target)) -Force -File -ErrorAction SilentlyContinue)) {
        if ($item.Name -match $pattern) {
            [IO.File]::Delete($item.FullName)
            $result.warnings += ($path + ': removed ' + $item.FullName + ', a temp file left by an interrupted earlier write')
        }
    }
}
function Test-Failed($run) {
    ($run.rc -ne 0) -or $run.stdout.TrimStart().StartsWith('ERROR')
}
function Invoke-Step($kind, $step) {
    $run = Invoke-Native $step.file $step.arguments
    $entry = [ordered]@{ kind = $kind; display = $step.display; rc = $run.rc; output = ($run.stdout + $run.stderr).Trim() }
    $result.steps += $entry
    if (Test-Failed $run) { throw (New-Object InvalidOperationException ('step failed: ' + $step.display)) }
}
# Locks in one order (sorted paths) on every controller, so two plans cannot deadlock; held until
# the end of this script (a process that dies releases them with its handles).
$lockTargets = [string[]]@(@($data.guards) | ForEach-Object { Get-HostPath $_.path })
[Array]::Sort($lockTargets, [StringComparer]::OrdinalIgnoreCase)
$locks = New-Object Collections.Generic.List[object]
try {
    foreach ($lockTarget in $lockTargets) { $locks.Add((Enter-FileLock $lockTarget)) }
    foreach ($guard in @($data.guards)) { Remove-StaleTemp $guard.path }
}
catch {
    $result.failed = $true
    $result.stage = 'guard'
    $result.msg = $_.Exception.Message
    Write-Result $result
    exit 1
}
foreach ($guard in @($data.guards)) {
    $state = Get-FileState $guard.path $false
    $expected = $guard.sha256
    if (($expected -and $state.sha256 -ne $expected) -or (-not $expected -and $state.exists)) {
        $result.failed = $true
        $result.stage = 'guard'
        $result.msg = $guard.path + ': changed since it was read (another process wrote it); nothing was changed. Run the task again.'
        Write-Result $result
        exit 1
    }
}
$undo = New-Object Collections.Generic.List[object]
try {
    if ($data.backend -eq 'appcmd') {
        foreach ($guard in @($data.guards)) {
            # appcmd backups cover applicationHost.config only: keep the web.config bytes too.
            $expanded = Get-HostPath $guard.path
            if ($guard.apphost) { continue }
            if ([IO.File]::Exists($expanded)) {
                $undo.Add([ordered]@{ kind = 'bytes'; path = $expanded; data = [IO.File]::ReadAllBytes($expanded) })
            } else {
                $undo.Add([ordered]@{ kind = 'delete'; path = $expanded })
            }
        }
        if ($data.backup_add) {
            Invoke-Step 'backup' $data.backup_add
            $undo.Add([ordered]@{ kind = 'step'; step = $data.backup_restore })
        }
        foreach ($step in @($data.commands)) { Invoke-Step 'appcmd' $step }
    }
    foreach ($file in @($data.files)) {
        $target = Get-HostPath $file.path
        $directory = [IO.Path]::GetDirectoryName($target)
        $tmp = [IO.Path]::Combine($directory, '.' + [IO.Path]::GetFileName($target) + '.' + [Guid]::NewGuid().ToString('N') + '.tmp')
        [IO.File]::WriteAllBytes($tmp, [Convert]::FromBase64String($file.data))
        if ($file.sha256) {
            $backup = $target + '.' + $data.stamp + '.bak'
            # ReplaceFile keeps the ACL, attributes and creation time of the file it replaces, and
            # moves the replaced file to the backup name: the backup is complete or absent.
            [IO.File]::Replace($tmp, $target, $backup)
            if ((Get-Sha256Hex ([IO.File]::ReadAllBytes($backup))) -ne $file.sha256) {
                # Another program (IIS Manager, appcmd, a deployment) wrote the file between our
                # compare and our replace: put its version back instead of losing it.
                [IO.File]::Copy($backup, $target, $true)
                [IO.File]::Delete($backup)
                throw (New-Object InvalidOperationException ($file.path + ': changed by another program while it was being replaced; ' +
                       'its version was put back and this change was not made. Run the task again.'))
            }
            $undo.Add([ordered]@{ kind = 'replace'; path = $target; backup = $backup })
            $result.backup_files += $backup
        } else {
            # Created only while still absent: Move fails if another process created it.
            [IO.File]::Move($tmp, $target)
            $undo.Add([ordered]@{ kind = 'delete'; path = $target })
        }
    }
    foreach ($step in @($data.netsh)) {
        Invoke-Step 'netsh' $step
        if ($step.undo) { $undo.Add([ordered]@{ kind = 'step'; step = $step.undo }) }
    }
}
catch {
    $result.failed = $true
    $result.msg = $_.Exception.Message
    for ($i = $undo.Count - 1; $i -ge 0; $i--) {
        $action = $undo[$i]
        try {
            switch ($action.kind) {
                'step' { $run = Invoke-Native $action.step.file $action.step.arguments
                         if (Test-Failed $run) { throw ($action.step.display + ': ' + $run.stdout.Trim()) } }
                'bytes' {
                    # Rewritten only when appcmd changed it: an untouched (e.g. read-only) file stays as it is.
                    $now = if ([IO.File]::Exists($action.path)) { Get-Sha256Hex ([IO.File]::ReadAllBytes($action.path)) } else { '' }
                    if ($now -ne (Get-Sha256Hex $action.data)) { [IO.File]::WriteAllBytes($action.path, $action.data) }
                }
                'delete' { if ([IO.File]::Exists($action.path)) { [IO.File]::Delete($action.path) } }
                'replace' { [IO.File]::Copy($action.backup, $action.path, $true) }
            }
        }
        catch { $result.rollback_errors += [string]$_ }
    }
    $result.rolled_back = ($result.rollback_errors.Count -eq 0)
}
if ($data.backup_delete -and -not $data.keep_backup -and @($result.steps | Where-Object { $_.kind -eq 'backup' -and $_.rc -eq 0 }).Count) {
    $null = Invoke-Native $data.backup_delete.file $data.backup_delete.arguments
}
if (-not $data.keep_backup) {
    foreach ($backup in $result.backup_files) { if ([IO.File]::Exists($backup)) { [IO.File]::Delete($backup) } }
    $result.backup_files = @()
}
for ($i = $locks.Count - 1; $i -ge 0; $i--) { $locks[$i].Dispose() }
Write-Result $result
if ($result.failed) { exit 1 }

# -- stdin line 2 (base64 UTF-8): its data, JSON (file contents abbreviated here)
<#
{
  "backend": "appcmd",
  "backup_add": {
    "arguments": "add backup webadmin-iis-GOLDEN",
    "display": "appcmd.exe add backup webadmin-iis-GOLDEN",
    "file": "%windir%\\system32\\inetsrv\\appcmd.exe",
    "undo": null
  },
  "backup_delete": {
    "arguments": "delete backup webadmin-iis-GOLDEN",
    "display": "appcmd.exe delete backup webadmin-iis-GOLDEN",
    "file": "%windir%\\system32\\inetsrv\\appcmd.exe",
    "undo": null
  },
  "backup_restore": {
    "arguments": "restore backup webadmin-iis-GOLDEN",
    "display": "appcmd.exe restore backup webadmin-iis-GOLDEN",
    "file": "%windir%\\system32\\inetsrv\\appcmd.exe",
    "undo": null
  },
  "commands": [
    {
      "arguments": "set config -section:system.webServer/globalModules /+[name='ContosoHeaders',image='%windir%\\System32\\inetsrv\\contoso_headers.dll',preCondition='bitness64'] /commit:apphost",
      "display": "%windir%\\system32\\inetsrv\\appcmd.exe set config -section:system.webServer/globalModules /+[name='ContosoHeaders',image='%windir%\\System32\\inetsrv\\contoso_headers.dll',preCondition='bitness64'] /commit:apphost",
      "file": "%windir%\\system32\\inetsrv\\appcmd.exe",
      "undo": null
    },
    {
      "arguments": "set config \"\" -section:system.webServer/modules /+[name='ContosoHeaders'] /commit:apphost",
      "display": "%windir%\\system32\\inetsrv\\appcmd.exe set config \"\" -section:system.webServer/modules /+[name='ContosoHeaders'] /commit:apphost",
      "file": "%windir%\\system32\\inetsrv\\appcmd.exe",
      "undo": null
    }
  ],
  "files": [],
  "guards": [
    {
      "apphost": true,
      "path": "%windir%\\System32\\inetsrv\\config\\applicationHost.config",
      "sha256": "a337e5b179e994ba847bf85d83fc5c057198ed1d48c0335b2c3f0e37767568e8"
    }
  ],
  "keep_backup": false,
  "lock_timeout": 60,
  "netsh": [],
  "stamp": "GOLDEN"
}
#>
