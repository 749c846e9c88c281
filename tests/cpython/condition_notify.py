# asyncio.Condition: notify(1) wakes the oldest waiter, notify_all wakes all
# in order; each must reacquire the lock, so they run one by one.
import asyncio


def log(*parts):
    print(f"{asyncio.get_running_loop().time():.3f}", *parts)


async def waiter(cond, name):
    async with cond:
        log(name, "waits")
        await cond.wait()
        log(name, "notified")
        await asyncio.sleep(0.5)
        log(name, "leaves")


async def main():
    cond = asyncio.Condition()
    ws = [asyncio.create_task(waiter(cond, f"C{i}")) for i in range(4)]
    await asyncio.sleep(1)
    async with cond:
        log("notify(1)")
        cond.notify(1)
    await asyncio.sleep(1)
    async with cond:
        log("notify_all")
        cond.notify_all()
        await asyncio.sleep(1)
        log("main releases")
    await asyncio.gather(*ws)
    log("done")


asyncio.run(main())
