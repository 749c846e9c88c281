# A program that can never finish: tasks wait on an Event nobody sets, with
# a timer still pending for a while. On the ideal clock the run ends with
# exit status 3 once the last timer has fired; stdout up to then is golden.
# expect-status: 3
import asyncio


def log(*parts):
    print(f"{asyncio.get_running_loop().time():.3f}", *parts)


async def waiter(ev, name):
    log(name, "waits forever")
    await ev.wait()
    log(name, "never printed")


async def ticker():
    for i in range(3):
        await asyncio.sleep(1)
        log("tick", i)


async def main():
    ev = asyncio.Event()
    await asyncio.gather(waiter(ev, "A"), waiter(ev, "B"), ticker())


asyncio.run(main())
