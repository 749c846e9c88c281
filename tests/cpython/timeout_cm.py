# asyncio.timeout (3.11): the block is cancelled when the deadline passes and
# TimeoutError raised at the `async with`; a block finishing in time; the
# deadline at the same instant as the inner sleep (timeout timer first);
# reschedule().
import asyncio


def log(*parts):
    print(f"{asyncio.get_running_loop().time():.3f}", *parts)


async def block(name, d, limit):
    try:
        async with asyncio.timeout(limit) as cm:
            log(name, "sleeps", d, "deadline", f"{cm.when():.3f}")
            try:
                await asyncio.sleep(d)
            except asyncio.CancelledError:
                log(name, "cancelled inside")
                raise
            log(name, "finished in time")
    except TimeoutError:
        log(name, "TimeoutError, expired:", cm.expired())


async def main():
    await block("slow", 3, 1)
    await block("fast", 1, 3)
    await block("tie", 2, 2)
    loop = asyncio.get_running_loop()
    try:
        async with asyncio.timeout(None) as cm:
            log("no deadline:", cm.when())
            cm.reschedule(loop.time() + 1.5)
            await asyncio.sleep(5)
    except TimeoutError:
        log("rescheduled timeout fired")


asyncio.run(main())
