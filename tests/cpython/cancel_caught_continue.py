# A task that catches CancelledError and carries on: it sleeps again and
# returns a value, so it ends not cancelled; a second cancel while it is in
# its recovery sleep does cancel it.
import asyncio


def log(*parts):
    print(f"{asyncio.get_running_loop().time():.3f}", *parts)


async def stubborn(name, recover):
    try:
        await asyncio.sleep(10)
    except asyncio.CancelledError:
        log(name, "caught CancelledError, recovering for", recover)
    try:
        await asyncio.sleep(recover)
    except asyncio.CancelledError:
        log(name, "cancelled during recovery")
        raise
    log(name, "returns")
    return name + " finished"


async def main():
    a = asyncio.create_task(stubborn("A", 1))
    b = asyncio.create_task(stubborn("B", 3))
    await asyncio.sleep(1)
    a.cancel()
    b.cancel()
    log("A result:", await a, "cancelled:", a.cancelled())
    log("B cancelling:", b.cancelling())
    b.cancel()
    try:
        await b
    except asyncio.CancelledError:
        log("B cancelled:", b.cancelled())


asyncio.run(main())
