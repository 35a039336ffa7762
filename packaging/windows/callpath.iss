; Inno Setup script: a per-user installer for the frozen app in dist\CallPath (build.spec).
; No administrator rights: it installs under the user's own Programs folder, adds a Start-menu
; entry (and a desktop one if asked), and registers an uninstaller in Settings > Apps.
;
;     iscc /DAppVersion=0.1.0 /DSourceDir=dist\CallPath /DOutputDir=dist packaging\windows\callpath.iss
;
; The release workflow (.github/workflows/release.yml) runs this on a Windows runner.

#ifndef AppVersion
  #define AppVersion "0.0.0"
#endif
#ifndef SourceDir
  #define SourceDir "..\..\dist\CallPath"
#endif
#ifndef OutputDir
  #define OutputDir "..\..\dist"
#endif
; made by the bundle build (tools/make_icons.py, through build.spec)
#ifndef IconFile
  #define IconFile "..\..\build\icons\callpath.ico"
#endif

[Setup]
; A fixed id: an update replaces the installed version instead of installing beside it.
AppId={{5B7F3E2A-9C1D-4E8B-A6F0-2D4C8E1B7A93}
AppName=CallPath
AppVersion={#AppVersion}
AppPublisher=The CallPath developers
AppPublisherURL=https://github.com/callpath/callpath
DefaultDirName={localappdata}\Programs\CallPath
DefaultGroupName=CallPath
DisableProgramGroupPage=yes
PrivilegesRequired=lowest
OutputDir={#OutputDir}
OutputBaseFilename=CallPath-{#AppVersion}-windows-x64-setup
SetupIconFile={#IconFile}
UninstallDisplayIcon={app}\CallPath.exe
Compression=lzma2
SolidCompression=yes
WizardStyle=modern
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
LicenseFile=..\..\LICENSE

[Languages]
; Inno Setup ships no Chinese messages of its own (they are unofficial translations): the
; installer's few screens are in English; the app itself follows the system's language.
Name: "en"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
Source: "{#SourceDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\CallPath"; Filename: "{app}\CallPath.exe"
Name: "{userdesktop}\CallPath"; Filename: "{app}\CallPath.exe"; Tasks: desktopicon

[Run]
Filename: "{app}\CallPath.exe"; Description: "{cm:LaunchProgram,CallPath}"; Flags: nowait postinstall skipifsilent
