// C's rand() as glibc implements it (stdlib/random_r.c: the TYPE_3 additive feedback generator
// behind random_r, RAND_MAX 2^31 - 1), for math.random: a seed gives the same numbers as the C
// build on Linux.

/** RAND_MAX of glibc. */
export const RAND_MAX = 2147483647;
const DEG = 31; // TYPE_3: x^31 + x^3 + 1
const SEP = 3;

/** glibc's srand/rand (random_r.c, TYPE_3): one generator, as a process has one. */
export class CRand {
  private readonly state = new Int32Array(DEG);
  private f = SEP;
  private r = 0;

  constructor(seed = 1) {
    this.seed(seed);
  }

  /** srand(seed): seed is a C unsigned int (taken modulo 2^32). */
  seed(seed: number): void {
    const state = this.state;
    let word = seed | 0;
    if (word === 0) word = 1;
    state[0] = word;
    for (let i = 1; i < DEG; i++) {
      // state[i] = (16807 * state[i - 1]) % 2147483647 without overflowing 31 bits
      const hi = (word / 127773) | 0;
      const lo = word % 127773;
      word = 16807 * lo - 2836 * hi;
      if (word < 0) word += 2147483647;
      state[i] = word;
    }
    this.f = SEP;
    this.r = 0;
    for (let i = 0; i < DEG * 10; i++) this.next();
  }

  /** rand(): 0 .. RAND_MAX. */
  next(): number {
    const state = this.state;
    const val = (state[this.f]! + state[this.r]!) | 0;
    state[this.f] = val;
    if (++this.f >= DEG) {
      this.f = 0;
      ++this.r;
    } else if (++this.r >= DEG) this.r = 0;
    return val >>> 1;
  }
}
