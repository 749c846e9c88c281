# Futures: done-callbacks are scheduled with call_soon in registration order
# when the result is set; a callback added to a done future is scheduled at
# once; several tasks awaiting one future wake in the order they awaited;
# set_result from a timer callback; remove_done_callback.
import asyncio


def log(*parts):
    print(f"{asyncio.get_running_loop().time():.3f}", *parts)


async def awaiter(fut, name):
    log(name, "awaits")
    log(name, "got", await fut)


async def main():
    loop = asyncio.get_running_loop()
    fut = loop.create_future()
    for name in ("cb1", "cb2", "cb3"):
        fut.add_done_callback(lambda f, n=name: log(n, "sees", f.result()))
    removed = lambda f: log("removed callback ran")  # noqa: E731
    fut.add_done_callback(removed)
    log("removed", fut.remove_done_callback(removed), "callback(s)")
    ts = [asyncio.create_task(awaiter(fut, f"T{i}")) for i in range(3)]
    loop.call_later(1, fut.set_result, "R")
    loop.call_later(1, log, "timer after set_result")
    await asyncio.sleep(0)
    log("main awaits too")
    log("main got", await fut)
    fut.add_done_callback(lambda f: log("late callback"))
    log("added a callback to a done future")
    await asyncio.sleep(0)
    log("after one hop")
    await asyncio.gather(*ts)
    f2 = loop.create_future()
    loop.call_soon(f2.set_exception, KeyError("k"))
    try:
        await f2
    except KeyError as e:
        log("f2 raised KeyError", e)
    f3 = loop.create_future()
    f3.cancel()
    log("cancelled future: cancelled", f3.cancelled(), "done", f3.done())


asyncio.run(main())
