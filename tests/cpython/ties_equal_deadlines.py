# Timers with equal deadlines fire in scheduling order: tasks created in
# different orders, and the same deadline reached from different start times.
import asyncio


def log(*parts):
    print(f"{asyncio.get_running_loop().time():.3f}", *parts)


async def sleeper(name, d):
    log(name, "sleeps", d)
    await asyncio.sleep(d)
    log(name, "woke")


async def late(name, start, d):
    await asyncio.sleep(start)
    await sleeper(name, d)


async def main():
    # A, B, C created in this order, all due at 1.
    ts = [asyncio.create_task(sleeper(n, 1)) for n in ("A", "B", "C")]
    # Created in reverse name order, all due at 2.
    ts += [asyncio.create_task(sleeper(n, 2)) for n in ("F", "E", "D")]
    # All due at 3, scheduled at 2 (Z), 1 (Y) and 0 (X).
    ts.append(asyncio.create_task(late("Z", 2, 1)))
    ts.append(asyncio.create_task(late("Y", 1, 2)))
    ts.append(asyncio.create_task(sleeper("X", 3)))
    # Float deadlines: 1.5 + 2.5 == 4.0 exactly, scheduled after W's.
    ts.append(asyncio.create_task(sleeper("W", 4.0)))
    ts.append(asyncio.create_task(late("V", 1.5, 2.5)))
    log("main waits")
    await asyncio.gather(*ts)
    log("main done")


asyncio.run(main())
