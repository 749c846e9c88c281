# _run_once pops every timer due before now + clock resolution (1e-9 s):
# 0.1 + 0.2 (0.30000000000000004) fires in the same iteration as 0.3, a
# deadline 2e-9 later in the next one; a 1e-12 s sleep fires without the
# clock moving, while other work is still ready.
import asyncio


def log(*parts):
    print(f"{asyncio.get_running_loop().time():.3f}", *parts)


def cb(loop, name):
    log("timer", name, repr(loop.time()))
    loop.call_soon(log, "soon after", name)


async def spinner(n):
    for i in range(n):
        log("spin", i)
        await asyncio.sleep(0)


async def tiny():
    log("tiny sleeps 1e-12")
    await asyncio.sleep(1e-12)
    log("tiny woke")


async def main():
    loop = asyncio.get_running_loop()
    loop.call_later(0.3 + 2e-9, cb, loop, "R (0.3 + 2e-9)")
    loop.call_later(0.3, cb, loop, "Q (0.3)")
    loop.call_later(0.1, lambda: loop.call_later(0.2, cb, loop, "P (0.1 + 0.2)"))
    await asyncio.gather(spinner(4), tiny())
    await asyncio.sleep(1)
    log("main done")


asyncio.run(main())
