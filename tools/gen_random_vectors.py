#!/usr/bin/env python3
"""Writes tests/data/random_vectors.txt: CPython 3.11's `random` as ground truth.

Usage: tools/gen_random_vectors.py > tests/data/random_vectors.txt

tests/random_test.cc replays every line on one asyncsim::Random and checks
each result. The file is a list of calls on ONE random.Random instance, in
order; a `seed` line reseeds that instance (so it also checks that reseeding
drops gauss's cached value). Line format, space-separated tokens:

  # comment                          ignored, as are blank lines
  seed int N                         r.seed(N), N decimal, any size
  seed bytes HEX                     r.seed(bytes.fromhex(HEX)) ("-" = b"")
  OP ARG... -> RESULT...             a call and what it returned
  OP ARG... ! TYPE: MESSAGE          a call and the exception it raised

  OP (arguments)        result
  getrandbits K         decimal
  randbytes N           hex ("-" when empty)
  randbelow N           r._randbelow(N), decimal
  randrange STOP        decimal
  randrange START STOP [STEP]
  randint A B
  random                float.hex()
  uniform A B           A, B and result as float.hex()
  gauss MU SIGMA        likewise
  choice N              r.choice(P(N)), where P(N) = [10 * i + 7 for i < N]
  shuffle N             x = list(range(N)); r.shuffle(x); the items of x
  sample N K            r.sample(list(range(N)), K), its items

Everything is deterministic: the mix of calls comes from a separately seeded
random.Random, so rerunning the script reproduces the file exactly.
"""
import math
import random
import sys

if sys.version_info[:2] != (3, 11):
    sys.exit("run this with CPython 3.11 (the version asyncsim reproduces)")
sys.set_int_max_str_digits(0)  # seeds of any size print in full

INT64_MIN = -(2**63)
INT64_MAX = 2**63 - 1

r = random.Random(0)
out = []


def emit(line):
    out.append(line)


def call(text, thunk, fmt):
    """Emits `text -> fmt(result)` or `text ! Type: message`."""
    try:
        result = thunk()
    except (ValueError, IndexError) as e:
        emit(f"{text} ! {type(e).__name__}: {e}")
        return
    emit(f"{text} -> {fmt(result)}")


def dec(x):
    return str(x)


def hexes(b):
    return b.hex() if b else "-"


def items(xs):
    return " ".join(map(str, xs)) if xs else "-"


def population(n):
    return [10 * i + 7 for i in range(n)]


def seed_int(n):
    emit(f"seed int {n}")
    r.seed(n)


def seed_bytes(b):
    emit(f"seed bytes {hexes(b)}")
    r.seed(b)


def seed_str(s):
    """A str seed: CPython encodes it as UTF-8, which is what C++ gets."""
    emit(f"# str seed {s!r}")
    emit(f"seed bytes {hexes(s.encode())}")
    r.seed(s)


# -- the individual calls ------------------------------------------------------


def getrandbits(k):
    call(f"getrandbits {k}", lambda: r.getrandbits(k), dec)


def randbytes(n):
    call(f"randbytes {n}", lambda: r.randbytes(n), hexes)


def randbelow(n):
    call(f"randbelow {n}", lambda: r._randbelow(n), dec)


def randrange(*args):
    text = "randrange " + " ".join(map(str, args))
    call(text, lambda: r.randrange(*args), dec)


def randint(a, b):
    call(f"randint {a} {b}", lambda: r.randint(a, b), dec)


def rand():
    call("random", r.random, float.hex)


def uniform(a, b):
    call(f"uniform {a.hex()} {b.hex()}", lambda: r.uniform(a, b), float.hex)


def gauss(mu, sigma):
    call(f"gauss {mu.hex()} {sigma.hex()}", lambda: r.gauss(mu, sigma),
         float.hex)


def choice(n):
    call(f"choice {n}", lambda: r.choice(population(n)), dec)


def shuffle(n):
    def run():
        x = list(range(n))
        r.shuffle(x)
        return x

    call(f"shuffle {n}", run, items)


def sample(n, k):
    call(f"sample {n} {k}", lambda: r.sample(list(range(n)), k), items)


# -- a mixed script --------------------------------------------------------------

INT_RANGES = [
    (0, 10), (1, 6), (-100, 100), (0, 0), (-5, -5), (0, 1), (0, 2**31),
    (0, 2**32 - 1), (0, 2**32), (-(2**32), 2**32), (1, 2**53),
    (INT64_MIN, INT64_MAX), (0, INT64_MAX), (INT64_MIN, 0),
    (INT64_MIN, INT64_MIN), (INT64_MAX, INT64_MAX), (2**62, INT64_MAX),
    (INT64_MIN, -1), (INT64_MIN + 1, INT64_MAX), (INT64_MIN, INT64_MAX - 1),
    (-(2**62), 2**62),
]
STOPS = [1, 2, 3, 10, 100, 2**31, 2**32 - 1, 2**32, 2**32 + 1, 2**33 + 5,
         2**53, INT64_MAX]
STEPPED = [
    (0, 100, 7), (100, 0, -7), (-50, 50, 3), (10, -10, -3), (0, 10, 20),
    (0, 10, 2), (1, 2, 5), (5, 6, -1), (-10, -20, -1), (0, 2**40, 2**20 + 3),
    (INT64_MIN, INT64_MAX, 3), (INT64_MAX, INT64_MIN, -5),
    (INT64_MIN, INT64_MAX, 2**62 + 1), (INT64_MIN, INT64_MAX, INT64_MAX),
    (INT64_MAX, INT64_MIN, INT64_MIN), (INT64_MIN, INT64_MAX, -1),
    (0, 1, INT64_MAX), (-7, 7, 1),
]
BELOW = [1, 2, 3, 7, 11, 2**31, 2**31 + 1, 2**32 - 1, 2**32, 2**32 + 1,
         2**63, 2**64 - 1, 2**64]
ERRORS = [
    lambda: randrange(5, 5), lambda: randint(5, 3), lambda: randrange(0),
    lambda: randrange(-3), lambda: randrange(0, 10, 0),
    lambda: randrange(10, 0, 2), lambda: randrange(0, 10, -1),
    lambda: randrange(INT64_MAX, INT64_MIN), lambda: randint(INT64_MAX, INT64_MIN),
    lambda: choice(0), lambda: sample(3, 4), lambda: sample(3, -1),
    lambda: sample(0, 1), lambda: getrandbits(-1),
]


def script_double(script):
    kind = script.randrange(4)
    if kind == 0:
        return float(script.randint(-10, 10))
    if kind == 1:
        return script.uniform(-1e6, 1e6)
    if kind == 2:
        return script.random()
    return script.choice([0.0, -0.0, 1.0, 0.5, 1e-300, 1e300, -2.5])


def mixed(script, count):
    """`count` calls of every kind, chosen by `script` (not by `r`)."""
    for _ in range(count):
        kind = script.randrange(15)
        if kind == 0:
            randint(*script.choice(INT_RANGES))
        elif kind == 1:
            randint(0, 10)
        elif kind == 2:
            randrange(script.choice(STOPS))
        elif kind == 3:
            a, b = script.choice(INT_RANGES)
            randrange(a, b + 1 if b < INT64_MAX else b)
        elif kind == 4:
            randrange(*script.choice(STEPPED))
        elif kind == 5:
            rand()
        elif kind == 6:
            getrandbits(script.randint(0, 200))
        elif kind == 7:
            uniform(script_double(script), script_double(script))
        elif kind == 8:
            # Runs of gauss, so the cached second value is used and dropped.
            mu = script.choice([0.0, 1.0, -3.5, 100.0])
            sigma = script.choice([1.0, 0.25, 10.0, 0.0])
            for _ in range(script.randint(1, 3)):
                gauss(mu, sigma)
        elif kind == 9:
            choice(script.randint(1, 60))
        elif kind == 10:
            shuffle(script.randint(0, 40))
        elif kind == 11:
            # Both of sample's strategies: a pool when n is small for k, a
            # set of selected indices otherwise.
            n = script.choice([0, 1, 5, 20, 21, 22, 50, 85, 86, 100, 300, 1000,
                               5000, 10**6])
            k = script.randint(0, min(n, script.choice([3, 6, 10, 22, 40])))
            sample(n, k)
        elif kind == 12:
            randbelow(script.choice(BELOW))
        elif kind == 13:
            randbytes(script.randint(0, 13))
        else:
            script.choice(ERRORS)()


# -- the file ------------------------------------------------------------------

emit("# Generated by tools/gen_random_vectors.py with CPython "
     f"{sys.version.split()[0]}. Do not edit.")

INT_SEEDS = [
    0, 1, 2, 5, -5, 42, 444, -444, 12345, 2**31 - 1, 2**32 - 1, 2**32,
    2**32 + 1, -(2**32), 2**63 - 1, -(2**63), 2**64 - 1, 2**64, 2**64 + 1,
    10**30, -(10**30), 2**96 - 1, 2**96,
    int("7" * 300),  # a 300-digit number: 31 words
    2**20000 + 3**5000,  # 626 words: a key longer than MT19937's state
]
STR_SEEDS = ["", "hello", "asyncsim", "h\u00e9llo \u2713"]
BYTES_SEEDS = [b"", b"\x00", b"\x00\xff\x10", bytes(range(256))]

script = random.Random("asyncsim script")
for seed in INT_SEEDS:
    emit("")
    seed_int(seed)
    mixed(script, 150)
for seed in STR_SEEDS:
    emit("")
    seed_str(seed)
    mixed(script, 60)
for seed in BYTES_SEEDS:
    emit("")
    seed_bytes(seed)
    mixed(script, 60)

emit("")
emit("# getrandbits of every width 0..200")
seed_int(7)
for k in range(201):
    getrandbits(k)

emit("")
emit("# sample's pool/set switch, for k = 0..70: n = setsize (a pool),")
emit("# n = setsize + 1 (a set), n = k")
seed_int(8)
for k in range(0, 71):
    setsize = 21
    if k > 5:
        setsize += 4 ** math.ceil(math.log(k * 3, 4))  # as in Lib/random.py
    sample(setsize, k)
    sample(setsize + 1, k)
    sample(k, k)

emit("")
emit("# reseeding drops gauss's cached value; other calls keep it")
seed_int(9)
gauss(0.0, 1.0)
seed_int(9)
gauss(0.0, 1.0)
rand()
gauss(0.0, 1.0)
gauss(0.0, 1.0)
randint(0, 10)
gauss(0.0, 1.0)
gauss(0.0, 1.0)

emit("")
emit("# the first 1000 randint(0, 10) for seed 444")
seed_int(444)
for _ in range(1000):
    randint(0, 10)

emit("")
emit("# a long run of random(), through several regenerations of the state")
seed_int(2024)
for _ in range(2000):
    rand()

sys.stdout.write("\n".join(out) + "\n")
