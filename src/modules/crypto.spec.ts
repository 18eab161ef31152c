// The crypto module through Lua, against published test vectors: FIPS 180 "abc" digests,
// RFC 2202 and RFC 4231 HMACs, NIST SP 800-38A AES-128 ECB and CBC. The zero padding, IV and
// key rules of mech.c and the error messages of crypto.c are checked directly.

import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { memoryFs } from "../test-support/memory-fs.js";
import { testFirmware } from "../test-support/test-firmware.js";
import { cryptoModule } from "./crypto.js";
import { ClearedDigest } from "./crypto-cleared.js";
import { encoderModule } from "./encoder.js";

const big = Buffer.alloc(1000, 0).map((_, i) => (i * 7 + 3) & 0xff);
const fs = memoryFs({
  "abc.txt": "abc",
  "empty.txt": "",
  "block.bin": "x".repeat(64),
  "big.bin": Buffer.from(big).toString("latin1"),
});
const fw = testFirmware([cryptoModule, encoderModule], fs);
const run = (src: string): string => fw.run(src);
const hexOf = (expr: string): string => run(`print(encoder.toHex(${expr}))`);

const ABC: Record<string, string> = {
  MD5: "900150983cd24fb0d6963f7d28e17f72",
  SHA1: "a9993e364706816aba3e25717850c26c9cd0d89d",
  SHA256: "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
  SHA384: "cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed8086072ba1e7cc2358baeca134c825a7",
  SHA512:
    "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a" +
    "2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f",
};

describe("crypto", () => {
  it("has the ROM table of crypto.c in declaration order", () => {
    expect(run("local t = {} for k in pairs(crypto) do t[#t + 1] = k end print(table.concat(t, ' '))")).toBe(
      "sha1 mask hash fhash new_hash hmac new_hmac encrypt decrypt\n",
    );
  });

  it("hash: every algorithm, names compared without case", () => {
    for (const [algo, digest] of Object.entries(ABC)) {
      expect(hexOf(`crypto.hash("${algo}", "abc")`)).toBe(`${digest}\n`);
      expect(hexOf(`crypto.hash("${algo.toLowerCase()}", "abc")`)).toBe(`${digest}\n`);
    }
    expect(hexOf('crypto.hash("Sha1", "")')).toBe("da39a3ee5e6b4b0d3255bfef95601890afd80709\n");
    // the name is a C string: a NUL ends it
    expect(hexOf('crypto.hash("md5\\0junk", "abc")')).toBe(`${ABC.MD5}\n`);
  });

  it("sha1, the undocumented entry", () => {
    expect(hexOf('crypto.sha1("abc")')).toBe(`${ABC.SHA1}\n`);
    expect(hexOf("crypto.sha1(123)")).toBe("40bd001563085fc35165329ea1ff5c5ecbdbbeef\n");
  });

  it("hmac: RFC 2202 and RFC 4231 vectors, short and long keys", () => {
    const k20 = 'string.rep("\\11", 20)';
    expect(hexOf(`crypto.hmac("md5", "Hi There", string.rep("\\11", 16))`)).toBe(
      "9294727a3638bb1c13f48ef8158bfc9d\n",
    );
    expect(hexOf(`crypto.hmac("sha1", "Hi There", ${k20})`)).toBe(
      "b617318655057264e28bc0b6fb378c8ef146be00\n",
    );
    expect(hexOf(`crypto.hmac("sha256", "Hi There", ${k20})`)).toBe(
      "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7\n",
    );
    expect(hexOf(`crypto.hmac("sha384", "Hi There", ${k20})`)).toBe(
      "afd03944d84895626b0825f4ab46907f15f9dadbe4101ec682aa034c7cebc59cfaea9ea9076ede7f4af152e8b2fa9cb6\n",
    );
    expect(hexOf(`crypto.hmac("sha512", "Hi There", ${k20})`)).toBe(
      "87aa7cdea5ef619d4ff0b4241a1d6cb02379f4e2ce4ec2787ad0b30545e17cde" +
        "daa833b7d6b8a702038b274eaea3f4e4be9d914eeb61f1702e696c203a126854\n",
    );
    const longKey = 'string.rep("\\170", 131)';
    const msg = '"Test Using Larger Than Block-Size Key - Hash Key First"';
    expect(hexOf(`crypto.hmac("sha256", ${msg}, ${longKey})`)).toBe(
      "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54\n",
    );
    expect(hexOf(`crypto.hmac("sha512", ${msg}, ${longKey})`)).toBe(
      "80b24263c7c1a3ebb71493c1dd7be8b49b46d1f41b4aeec1121b013783f8f352" +
        "6b56d037e05f2598bd0fd2215d6a1e5295e64f73f63f0aec8b915a985d786598\n",
    );
  });

  it("new_hash and new_hmac objects hash what they are fed", () => {
    for (const [algo, digest] of Object.entries(ABC)) {
      expect(
        run(
          `local h = crypto.new_hash("${algo}") h:update("a") h:update("") h:update("bc") print(encoder.toHex(h:finalize()))`,
        ),
      ).toBe(`${digest}\n`);
    }
    expect(
      run(`local h = crypto.new_hmac("SHA256", string.rep("\\11", 20)) h:update("Hi ") h:update("There")
print(encoder.toHex(h:finalize()))`),
    ).toBe("b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7\n");
    expect(run("local h = crypto.new_hash('md5') print(select('#', h:update('x')), type(h))")).toBe(
      "0\tuserdata\n",
    );
  });

  it("after finalize, an object goes on from the cleared context the firmware's Final leaves", () => {
    const src = (make: string) => `local h = ${make}
h:update("abc") local d1 = h:finalize()
local d2 = h:finalize()
h:update("abc") local d3 = h:finalize()
print(encoder.toHex(d1), encoder.toHex(d2), encoder.toHex(d3))`;
    for (const algo of ["md5", "sha1", "sha256", "sha384", "sha512"] as const) {
      const zero = new ClearedDigest(algo).digest().toString("hex");
      const zeroAbc = new ClearedDigest(algo).update(Buffer.from("abc")).digest().toString("hex");
      expect(run(src(`crypto.new_hash("${algo}")`))).toBe(
        `${ABC[algo.toUpperCase()]}\t${zero}\t${zeroAbc}\n`,
      );
    }
    // an HMAC's second finalize: the inner hash from the cleared context, the outer one fresh
    const key = Buffer.from("key");
    const opad = Buffer.alloc(64, 0x5c).map((b, i) => (i < key.length ? b ^ key[i]! : b));
    const inner = new ClearedDigest("sha256").update(Buffer.from("more")).digest();
    const outer = createHash("sha256").update(opad).update(inner).digest("hex");
    expect(
      run(`local h = crypto.new_hmac("sha256", "key") h:update("x") h:finalize() h:update("more")
print(encoder.toHex(h:finalize()))`),
    ).toBe(`${outer}\n`);
  });

  it("hash objects carry the crypto.hash ROM metatable, whose __index is itself", () => {
    expect(
      run(`local mt = getmetatable(crypto.new_hash("md5"))
print(mt.__index == mt, debug.getregistry()["crypto.hash"] == mt, getmetatable(crypto.new_hmac("sha1", "k")) == mt)`),
    ).toBe("true\ttrue\ttrue\n");
    expect(run('getmetatable(crypto.new_hash("md5")).x = 1')).toBe("error: stdin:1: table is readonly");
  });

  it("charges a hash object as one userdata of datum, context and k_opad", () => {
    const cost = (expr: string): string =>
      run(`collectgarbage() collectgarbage('stop') local b = collectgarbage('count') * 1024
local h = ${expr} local a = collectgarbage('count') * 1024 collectgarbage('restart') print(a - b)`);
    // a 5.1 Udata header is 20 bytes on the device (lua51-reference-data.md); the payload is
    // 12 + sizeof(ctx) (+ the block size for an HMAC)
    const md5 = Number(cost('crypto.new_hash("md5")'));
    const sha512 = Number(cost('crypto.new_hash("sha512")'));
    const hmac512 = Number(cost('crypto.new_hmac("sha512", "k")'));
    expect(sha512 - md5).toBe(208 - 92);
    expect(hmac512 - sha512).toBe(128);
  });

  it("methods check their object with luaL_checkudata", () => {
    expect(run('local h = crypto.new_hash("md5") h.update({}, "x")')).toBe(
      "error: stdin:1: bad argument #1 to 'update' (crypto.hash expected, got table)",
    );
    expect(run('local h = crypto.new_hash("md5") h.finalize()')).toBe(
      "error: stdin:1: bad argument #1 to 'finalize' (crypto.hash expected, got no value)",
    );
    expect(run('local h = crypto.new_hash("md5") h:update()')).toBe(
      "error: stdin:1: bad argument #1 to 'update' (string expected, got no value)",
    );
  });

  it("fhash reads the file through the file system", () => {
    expect(hexOf('crypto.fhash("sha1", "abc.txt")')).toBe(`${ABC.SHA1}\n`);
    expect(hexOf('crypto.fhash("md5", "empty.txt")')).toBe("d41d8cd98f00b204e9800998ecf8427e\n");
    expect(hexOf('crypto.fhash("sha256", "block.bin")')).toBe(
      `${createHash("sha256").update("x".repeat(64)).digest("hex")}\n`,
    );
    expect(hexOf('crypto.fhash("SHA512", "big.bin")')).toBe(
      `${createHash("sha512").update(big).digest("hex")}\n`,
    );
    expect(run('crypto.fhash("sha1", "nope.txt")')).toBe("error: stdin:1: file does not exist");
    expect(run('crypto.fhash("sha3", "abc.txt")')).toBe("error: stdin:1: unknown hash mech");
  });

  it("raises crypto.c's errors", () => {
    expect(run('crypto.hash("sha3", "x")')).toBe("error: stdin:1: unknown hash mech");
    expect(run('crypto.hash("md5")')).toBe(
      "error: stdin:1: bad argument #2 to 'hash' (string expected, got no value)",
    );
    expect(run("crypto.hash()")).toBe(
      "error: stdin:1: bad argument #1 to 'hash' (string expected, got no value)",
    );
    expect(run('crypto.new_hash("crc")')).toBe("error: stdin:1: unknown hash mech");
    expect(run('crypto.new_hmac("md5")')).toBe(
      "error: stdin:1: bad argument #2 to 'new_hmac' (string expected, got no value)",
    );
    expect(run('crypto.hmac("md5", "x")')).toBe(
      "error: stdin:1: bad argument #3 to 'hmac' (string expected, got no value)",
    );
    expect(run('crypto.mask("abc", "")')).toBe("error: stdin:1: invalid argument: mask");
    expect(run('crypto.encrypt("DES", "k", "x")')).toBe("error: stdin:1: unknown cipher: DES");
    expect(run('crypto.encrypt("AES-ECB", "short", "x")')).toBe("error: stdin:1: crypto op failed");
    expect(run('crypto.decrypt("aes-cbc", string.rep("k", 32), "")')).toBe(
      "error: stdin:1: crypto op failed",
    );
  });

  it("mask repeats the mask over the message", () => {
    expect(hexOf('crypto.mask("\\0\\0\\0\\0\\0", "\\1\\2")')).toBe("0102010201\n");
    expect(hexOf('crypto.mask("some message to obscure", "X0Y7")')).toBe(
      `${Buffer.from(Buffer.from("some message to obscure", "latin1").map((b, i) => b ^ "X0Y7".charCodeAt(i % 4))).toString("hex")}\n`,
    );
    expect(run('print(#crypto.mask("", "k"))')).toBe("0\n");
  });
});

describe("crypto AES", () => {
  const key = 'encoder.fromHex("2b7e151628aed2a6abf7158809cf4f3c")';
  const iv = 'encoder.fromHex("000102030405060708090a0b0c0d0e0f")';
  const p1 = "6bc1bee22e409f96e93d7e117393172a";
  const p2 = "ae2d8a571e03ac9c9eb76fac45af8e51";

  it("ECB and CBC on the SP 800-38A vectors", () => {
    expect(hexOf(`crypto.encrypt("AES-ECB", ${key}, encoder.fromHex("${p1}${p2}"))`)).toBe(
      "3ad77bb40d7a3660a89ecaf32466ef97f5d3d58503b9699de785895a96fdbaaf\n",
    );
    expect(hexOf(`crypto.encrypt("aes-cbc", ${key}, encoder.fromHex("${p1}${p2}"), ${iv})`)).toBe(
      "7649abac8119b246cee98e9b12e9197d5086cb9b507219ee95db113a917678b2\n",
    );
    expect(
      hexOf(
        `crypto.decrypt("AES-CBC", ${key}, encoder.fromHex("7649abac8119b246cee98e9b12e9197d5086cb9b507219ee95db113a917678b2"), ${iv})`,
      ),
    ).toBe(`${p1}${p2}\n`);
    expect(
      hexOf(`crypto.decrypt("AES-ECB", ${key}, encoder.fromHex("3ad77bb40d7a3660a89ecaf32466ef97"))`),
    ).toBe(`${p1}\n`);
  });

  it("zero-pads the data to whole blocks, and decrypt keeps the padding", () => {
    const src = `local k = "1234567890abcdef"
local c = crypto.encrypt("AES-ECB", k, "Hi, I'm secret!")
local d = crypto.decrypt("AES-ECB", k, c)
print(#c, #d, d == "Hi, I'm secret!\\0", c == crypto.encrypt("AES-ECB", k, "Hi, I'm secret!\\0"))`;
    expect(run(src)).toBe("16\t16\ttrue\ttrue\n");
    expect(
      run(
        'print(#crypto.encrypt("AES-CBC", "1234567890abcdef", ""), #crypto.encrypt("AES-ECB", "1234567890abcdef", string.rep("x", 17)))',
      ),
    ).toBe("0\t32\n");
  });

  it("CBC zero-pads a short IV and cuts a long one; ECB ignores it", () => {
    const k = '"1234567890abcdef"';
    expect(
      run(
        `print(crypto.encrypt("AES-CBC", ${k}, "data") == crypto.encrypt("AES-CBC", ${k}, "data", string.rep("\\0", 16)))`,
      ),
    ).toBe("true\n");
    expect(
      run(
        `print(crypto.encrypt("AES-CBC", ${k}, "data", "ab") == crypto.encrypt("AES-CBC", ${k}, "data", "ab" .. string.rep("\\0", 14)))`,
      ),
    ).toBe("true\n");
    expect(
      run(
        `print(crypto.encrypt("AES-CBC", ${k}, "data", string.rep("v", 16)) == crypto.encrypt("AES-CBC", ${k}, "data", string.rep("v", 40)))`,
      ),
    ).toBe("true\n");
    expect(
      run(`print(crypto.encrypt("AES-ECB", ${k}, "data", "iv") == crypto.encrypt("AES-ECB", ${k}, "data"))`),
    ).toBe("true\n");
  });

  it("decrypts a partial last block as if zero-padded", () => {
    const src = `local k = "1234567890abcdef"
local c = crypto.encrypt("AES-CBC", k, string.rep("z", 20), "iv")
print(#crypto.decrypt("AES-CBC", k, c:sub(1, 20), "iv"), crypto.decrypt("AES-CBC", k, c:sub(1, 20), "iv"):sub(1, 16) == string.rep("z", 16))`;
    expect(run(src)).toBe("32\ttrue\n");
  });
});
