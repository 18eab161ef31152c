// Where SPIFFS sits in flash and how it counts pages: app/user/user_main.c (the default partition
// table and first_time_setup), app/spiffs/spiffs.c (myspiffs_set_cfg), app/spiffs/spiffs_nucleus.h
// (page and index geometry) and spiffs_hydrogen.c (SPIFFS_info), with the NodeMCU configuration
// of app/spiffs/nodemcu_spiffs.h, spiffs_config.h and app/include/user_config.h.
//
// Numbers and where they come from:
// - Partitions (user_main.c): IROM0 at 0x10000, its size PT_ALIGN(_irom0_text_end -
//   _irom0_text_start) with PT_ALIGN rounding up to 0x2000; then LFS (LUA_FLASH_STORE, 0 by
//   default, so absent); then SPIFFS with SPIFFS_MAX_FILESYSTEM_SIZE = ~0: "all flash after the
//   last partition up to flash_size - SYSTEM_PARAMETER_SIZE (0x3000)". An explicit size goes to
//   0x100000 when it fits below flash_size - 0x3000 - 0x100000, else after the last partition.
// - The IROM0 size is a property of the build. We take 0x86000, which puts the next partition
//   at 0x96000, the lfs_addr of the example in docs/lfs.md.
// - myspiffs_set_cfg: phys_addr = partition start rounded up to ALIGN (0x2000), phys_size = the
//   partition end rounded down to 0x2000, minus phys_addr. Logical block 8192 (two 4 KB sectors),
//   or 4096 when phys_size < 4 * 8192; below 4 * 4096 there is no file system. Page 256.
// - spiffs_nucleus.h: pages per block = block / 256; object lookup pages per block =
//   MAX(1, pages_per_block * sizeof(spiffs_obj_id = u16) / 256) = 1 for both block sizes; a
//   data page carries 256 - sizeof(spiffs_page_header) = 256 - 5 = 251 bytes (obj_id u16,
//   span_ix u16, flags u8, packed).
// - Object index: the header page (spiffs_page_object_ix_header: 5-byte page header, 3 bytes of
//   alignment, u32 size, u8 type, 32-byte name, aligned to 2 = 46 bytes) holds
//   (256 - 46) / 2 = 105 data page indices; every further index page (8-byte header) holds
//   (256 - 8) / 2 = 124. So a file of n bytes occupies D = ceil(n / 251) data pages, one header
//   page and ceil(max(0, D - 105) / 124) index pages (spiffs_object_append fills the last data
//   page in place before taking a new one, so D does not depend on how the file was written).
// - SPIFFS_info: total = ((blocks - 2) * (pages_per_block - lookup_pages) + 1) * 251 ("-2 for
//   spare blocks, +1 for emergency page"); used = stats_p_allocated * 251.
// - spiffs_gc_check counts free pages as (pages_per_block - lookup_pages) * (blocks - 2) -
//   allocated - deleted and refuses a write of len bytes when len > free_pages * 251 after
//   garbage collection; appends and modifications ask for len + 251 ("an extra page of data
//   worth for meta"), object creation for 251.
//
// Checked against the spiffs sources of the firmware built for the host over a RAM flash: for an
// empty file system of 3563520 bytes (the 4 MB default) total is 3369424, and files of 1, 251,
// 252, 26355, 26356 and 57360 bytes occupy 2, 2, 3, 106, 108 and 231 pages as filePages says.

export const PAGE_SIZE = 256;
export const SECTOR_SIZE = 4096;
/** SPIFFS_DATA_PAGE_SIZE: a page less its 5-byte header. */
export const DATA_PAGE_SIZE = PAGE_SIZE - 5;
/** SPIFFS_OBJ_HDR_IX_LEN and SPIFFS_OBJ_IX_LEN for 256-byte pages and 32-byte names. */
const HEADER_INDEX_ENTRIES = 105;
const INDEX_ENTRIES = 124;

const PT_CHUNK = 0x2000;
const IROM0_START = 0x10000;
export const DEFAULT_IROM0_SIZE = 0x86000;
const SYSTEM_PARAMETER_SIZE = 0x3000;
const ALIGN = 0x2000;
const LOG_BLOCK_SIZE = 2 * SECTOR_SIZE;
const MIN_BLOCKS_FS = 4;

const alignUp = (n: number, a: number): number => Math.ceil(n / a) * a;
const alignDown = (n: number, a: number): number => Math.floor(n / a) * a;

export interface PartitionOptions {
  /** Flash chip size in bytes. */
  flashSize: number;
  /** Size of the firmware's IROM0 text (default DEFAULT_IROM0_SIZE). */
  irom0Size?: number;
  /** LUA_FLASH_STORE (default 0: no LFS partition). */
  lfsSize?: number;
  /** An explicit SPIFFS partition size (default: all remaining flash). */
  spiffsSize?: number;
}

/** The SPIFFS0 partition of the default partition table (first_time_setup). */
export function spiffsPartition(o: PartitionOptions): { start: number; size: number } {
  const last =
    IROM0_START + alignUp(o.irom0Size ?? DEFAULT_IROM0_SIZE, PT_CHUNK) + alignUp(o.lfsSize ?? 0, PT_CHUNK);
  const top = o.flashSize - SYSTEM_PARAMETER_SIZE;
  if (o.spiffsSize === undefined) return { start: last, size: Math.max(0, top - last) };
  const start = o.spiffsSize <= top - 0x100000 ? 0x100000 : last;
  return { start, size: Math.max(0, Math.min(o.spiffsSize, top - start)) };
}

export interface SpiffsGeometry {
  /** cfg.phys_addr and cfg.phys_size (file.fscfg()). */
  address: number;
  size: number;
  blockSize: number;
  blocks: number;
  pagesPerBlock: number;
  lookupPagesPerBlock: number;
  /** Pages spiffs_gc_check lets files occupy: every block but the two spares, less lookups. */
  capacityPages: number;
  /** SPIFFS_info's total. */
  totalBytes: number;
}

/** myspiffs_set_cfg over a partition; undefined when it is too small for a file system. */
export function spiffsGeometry(partition: { start: number; size: number }): SpiffsGeometry | undefined {
  const address = alignUp(partition.start, ALIGN);
  const size = alignDown(partition.start + partition.size, ALIGN) - address;
  if (size < MIN_BLOCKS_FS * SECTOR_SIZE) return undefined;
  const blockSize = size < MIN_BLOCKS_FS * LOG_BLOCK_SIZE ? SECTOR_SIZE : LOG_BLOCK_SIZE;
  const blocks = Math.floor(size / blockSize);
  const pagesPerBlock = blockSize / PAGE_SIZE;
  const lookupPagesPerBlock = Math.max(1, Math.floor((pagesPerBlock * 2) / PAGE_SIZE));
  const capacityPages = (blocks - 2) * (pagesPerBlock - lookupPagesPerBlock);
  return {
    address,
    size,
    blockSize,
    blocks,
    pagesPerBlock,
    lookupPagesPerBlock,
    capacityPages,
    totalBytes: (capacityPages + 1) * DATA_PAGE_SIZE,
  };
}

/** Data pages of a file of `size` bytes. */
export const dataPages = (size: number): number => Math.ceil(size / DATA_PAGE_SIZE);

/** Pages a file of `size` bytes occupies: data pages, its index header and index pages. */
export function filePages(size: number): number {
  const d = dataPages(size);
  return 1 + d + Math.ceil(Math.max(0, d - HEADER_INDEX_ENTRIES) / INDEX_ENTRIES);
}
