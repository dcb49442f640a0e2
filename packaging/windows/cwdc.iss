; 创文督查 — Windows installer (Inno Setup 6.3 or newer). Built on a Windows machine only; see
; packaging/README-install.md. This file is UTF-8 with a byte-order mark: Inno Setup reads it as Unicode only then.
;
; Steps (PowerShell, in the repository):
;   py -3.11 -m venv packaging\.build-venv
;   packaging\.build-venv\Scripts\python -m pip install . "pyinstaller>=6.10,<7"
;   packaging\.build-venv\Scripts\python -m PyInstaller --noconfirm --distpath packaging\dist `
;       --workpath packaging\build\pyinstaller packaging\cwdc.spec
;   ISCC.exe /DAppVersion=0.1.0 packaging\windows\cwdc.iss          (unsigned)
;   ISCC.exe /DAppVersion=0.1.0 /DSign "/Scwdcsign=signtool sign /fd sha256 /tr http://timestamp.digicert.com /td sha256 /a $f" packaging\windows\cwdc.iss
; The output is packaging\dist\cwdc-setup-<version>.exe. With /DSign, Inno Setup signs the installer and the
; uninstaller with the named sign tool, and the [Files] flag `sign` signs cwdc.exe and cwdc-cli.exe as they go in.
;
; Windows specifics, reviewed:
; - Per-user install (no administrator rights needed): the app goes to %LOCALAPPDATA%\Programs\cwdc; an
;   administrator may choose "all users" (Program Files) in the dialog. The install folder name is ASCII; the
;   user's own folders may hold Chinese characters (a user name like 张三), which the app and PyInstaller's
;   launcher handle (wide-character paths).
; - Data: each user's workspace is %LOCALAPPDATA%\inspector\workspace (platformdirs user_data_dir, not roaming:
;   a SQLite database in WAL mode must not travel with a roaming profile), crash logs in
;   %LOCALAPPDATA%\inspector\Logs, settings in the registry (HKCU\Software\inspector\inspector, QSettings). Uninstalling
;   removes the program only, never the data.
; - Fonts: the app reads C:\Windows\Fonts and the per-user %LOCALAPPDATA%\Microsoft\Windows\Fonts (仿宋, 宋体,
;   黑体, 楷体 ship with Chinese Windows; 方正小标宋 when installed); nothing is installed into Windows' fonts.
; - Time zones: Windows has no zone database; the build venv installs tzdata and the spec bundles it.

#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif
#define AppTitle "创文督查"
#define AppExe "cwdc.exe"

[Setup]
AppId={{9A4E45AF-CCD5-4CCF-866F-EC6568AD964B}
AppName={#AppTitle}
AppVersion={#AppVersion}
AppVerName={#AppTitle} {#AppVersion}
AppPublisher={#AppTitle}
DefaultDirName={autopf}\cwdc
DefaultGroupName={#AppTitle}
DisableProgramGroupPage=yes
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
SetupIconFile=..\icons\cwdc.ico
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName={#AppTitle}
OutputDir=..\dist
OutputBaseFilename=cwdc-setup-{#AppVersion}
Compression=lzma2
SolidCompression=yes
WizardStyle=modern
#ifdef Sign
SignTool=cwdcsign
SignedUninstaller=yes
#endif

[Languages]
; Simplified Chinese is an unofficial Inno Setup translation: put ChineseSimplified.isl into Inno Setup's
; Languages folder (https://jrsoftware.org/files/istrans/); without it the installer speaks English.
#if FileExists(AddBackslash(CompilerPath) + "Languages\ChineseSimplified.isl")
Name: "chinesesimplified"; MessagesFile: "compiler:Languages\ChineseSimplified.isl"
#endif
Name: "english"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
#ifdef Sign
Source: "..\dist\cwdc\{#AppExe}"; DestDir: "{app}"; Flags: ignoreversion sign
Source: "..\dist\cwdc\cwdc-cli.exe"; DestDir: "{app}"; Flags: ignoreversion sign
Source: "..\dist\cwdc\*"; DestDir: "{app}"; Excludes: "\{#AppExe},\cwdc-cli.exe"; Flags: ignoreversion recursesubdirs createallsubdirs
#else
Source: "..\dist\cwdc\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs
#endif

[Dirs]
; the per-user data folder the app uses (platformdirs: %LOCALAPPDATA%\inspector), made for the installing user
; (an all-users install leaves it to the app, which makes it on each user's first start); kept when uninstalling
Name: "{localappdata}\inspector"; Flags: uninsneveruninstall; Check: not IsAdminInstallMode

[Icons]
; the Start-menu entry
Name: "{autoprograms}\{#AppTitle}"; Filename: "{app}\{#AppExe}"
Name: "{autodesktop}\{#AppTitle}"; Filename: "{app}\{#AppExe}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppTitle}}"; Flags: nowait postinstall skipifsilent
