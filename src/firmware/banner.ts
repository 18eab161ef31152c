// The boot banner (app/lua53/lua.c print_version, app/include/user_version.h,
// tools/update_buildinfo.sh:56-66): printed with dbg_printf, straight to UART0. The build
// described is the release branch at tag 3.0.0-release_20240225 (the firmware's 2024 release),
// float numbers, no SSL, no LFS partition, with this device's module list.

export interface BuildInfo {
  branch: string;
  commit: string;
  release: string;
  releaseDts: string;
  buildDate: string;
  sdk: string;
  /** "integer", "float" or "double". */
  buildType: string;
  ssl: boolean;
  lfsSize: string;
}

export const RELEASE_BUILD: Readonly<BuildInfo> = {
  branch: "release",
  commit: "36cbf9f017d356319a6369e299765eedff191154",
  release: "3.0.0-release_20240225",
  releaseDts: "202402250904",
  buildDate: "2024-02-25 09:04",
  sdk: "3.0.1-dev(fce080e)",
  buildType: "float",
  ssl: false,
  lfsSize: "0x0",
};

/** NODE_VERSION_MAJOR/MINOR/REVISION (user_version.h): the SDK's 3.0.0 and revision 0. */
export const NODE_VERSION = [3, 0, 0] as const;

/**
 * The banner bytes as the board sends them (before the console's \n to \r\n). USER_PROLOG is
 * empty, which leaves a space at the end of the first line.
 */
export function banner(modules: readonly string[], b: BuildInfo = RELEASE_BUILD): string {
  const [major, minor, rev] = NODE_VERSION;
  return (
    `\nNodeMCU ${major}.${minor}.${rev}.0 \n` +
    `\tbranch: ${b.branch}\n` +
    `\tcommit: ${b.commit}\n` +
    `\trelease: ${b.release}\n` +
    `\trelease DTS: ${b.releaseDts}\n` +
    `\tSSL: ${b.ssl}\n` +
    `\tbuild type: ${b.buildType}\n` +
    `\tLFS: ${b.lfsSize} bytes total capacity\n` +
    `\tmodules: ${modules.length > 0 ? modules.join(",") : "-"}\n` +
    ` build ${b.buildDate} powered by Lua 5.1.4 on SDK ${b.sdk}\n`
  );
}
