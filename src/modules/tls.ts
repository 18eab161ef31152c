// The tls module (app/modules/tls.c, docs/modules/tls.md): tls.createConnection and its
// "tls.socket" objects (tls-socket.ts), tls.cert.verify/auth (tls-cert.ts) and the undocumented
// tls.setDebug (MBEDTLS_DEBUG_C is defined in app/include/mbedtls/config.h). Not in the default
// build: tls.c compiles only with CLIENT_SSL_ENABLE (off in user_config.h) and the net module.

import type { Firmware, ModuleDef } from "../firmware/module.js";
import { checkInt, error } from "../lua/lib/aux.js";
import { light, RomTable } from "../lua/rom.js";
import type { LuaThread } from "../lua/state.js";
import { Tag, tagOf } from "../lua/value.js";
import { tlsCertsOf } from "./tls-cert.js";
import { checkSocket, createSocket, TLS_SOCKET } from "./tls-socket.js";

/** platform_print_deprecation_note: a printf to the console. */
function deprecation(fw: Firmware, msg: string): void {
  fw.uartWrite(
    0,
    `Warning, deprecated API! ${msg}. It will be removed soon. See documentation for details.\n`,
  );
}

/** lua_tostring of each argument (nil for the rest), as fill_page_with_pem reads them. */
function pemArgs(L: LuaThread): (string | undefined)[] {
  const out: (string | undefined)[] = [];
  for (let i = 1; i <= L.nargs; i++) {
    const v = L.arg(i);
    out.push(typeof v === "string" ? v : typeof v === "number" ? String(v) : undefined);
  }
  return out;
}

/** tls_cert_verify and tls_cert_auth: a callback, PEM data, or a boolean. */
function certFn(fw: Firmware, which: "verify" | "auth") {
  return (L: LuaThread): number => {
    const certs = tlsCertsOf(fw);
    certs.dropCallback(which);
    const arg = L.arg(1);
    const t = tagOf(arg);
    if (t === Tag.FUNCTION) {
      certs.setCallback(which, arg);
      L.push(true);
      return 1;
    }
    if (t !== Tag.NIL) deprecation(fw, `tls.cert.${which}'s old interface`);
    let enable: boolean;
    if (t === Tag.STRING) {
      const err = which === "verify" ? certs.storeServer(pemArgs(L)) : certs.storeClient(pemArgs(L));
      if (err !== undefined) error(L, err);
      enable = true;
    } else {
      enable = arg !== undefined && arg !== false;
    }
    if (enable) {
      const have = which === "verify" ? certs.haveServerCerts : certs.haveClientCerts;
      if (!have) error(L, "no certificates found");
    }
    if (which === "verify") certs.caEnabled = enable;
    else certs.certEnabled = enable;
    L.push(true); // espconn_secure_ca_enable/disable and the cert_req pair answer true here
    return 1;
  };
}

/** The "tls.socket" method table. */
function socketMetatable(): RomTable {
  const mt = new RomTable([
    [
      "__gc",
      light("__gc", (L) => {
        checkSocket(L).destroy();
        return 0;
      }),
    ],
    ["__index", true],
    [
      "connect",
      light("connect", (L) => {
        checkSocket(L).connect(L);
        return 0;
      }),
    ],
    [
      "close",
      light("close", (L) => {
        checkSocket(L).close();
        return 0;
      }),
    ],
    [
      "on",
      light("on", (L) => {
        checkSocket(L).on(L);
        return 0;
      }),
    ],
    [
      "send",
      light("send", (L) => {
        checkSocket(L).send(L);
        return 0;
      }),
    ],
    [
      "hold",
      light("hold", (L) => {
        checkSocket(L).hold(true);
        return 0;
      }),
    ],
    [
      "unhold",
      light("unhold", (L) => {
        checkSocket(L).hold(false);
        return 0;
      }),
    ],
    ["getpeer", light("getpeer", (L) => checkSocket(L).getpeer(L))],
  ]);
  mt.setValueAt(mt.findIndex("__index"), mt);
  return mt;
}

export const tlsModule: ModuleDef = {
  name: "tls",
  entries: (fw) => {
    const cert = new RomTable([
      ["__index", true],
      ["verify", light("verify", certFn(fw, "verify"))],
      ["auth", light("auth", certFn(fw, "auth"))],
    ]);
    cert.setValueAt(cert.findIndex("__index"), cert);
    return [
      ["createConnection", light("createConnection", (L) => createSocket(L, fw, tlsCertsOf(fw)))],
      [
        "setDebug",
        light("setDebug", (L) => {
          // mbedtls_debug_set_threshold: the level is kept by mbedTLS; nothing here prints it
          checkInt(L, 1);
          return 0;
        }),
      ],
      ["cert", cert],
    ];
  },
  init(fw) {
    // luaopen_tls: luaL_rometatable(L, "tls.socket", tls_socket)
    fw.L.G.registry.set(TLS_SOCKET, socketMetatable());
  },
};
