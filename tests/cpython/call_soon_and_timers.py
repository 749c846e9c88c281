# Ready FIFO: call_soon order; what a callback schedules runs in the next
# iteration; due timers go after what is already ready; call_at in the past
# fires at the next timer check; cancelled timers never move the clock.
import asyncio


def log(*parts):
    print(f"{asyncio.get_running_loop().time():.3f}", *parts)


def cb(loop, name, then=None):
    log(name)
    if then:
        loop.call_soon(cb, loop, then)


async def main():
    loop = asyncio.get_running_loop()
    loop.call_soon(cb, loop, "soon 1", "soon 1 -> next")
    loop.call_soon(cb, loop, "soon 2", "soon 2 -> next")
    loop.call_at(loop.time() - 5, cb, loop, "call_at in the past")
    loop.call_later(0, cb, loop, "call_later 0")
    loop.call_soon(cb, loop, "soon 3")
    log("main yields")
    await asyncio.sleep(0)
    log("main resumed")
    await asyncio.sleep(0)
    log("main resumed again")
    # Cancelled timers do not move the clock: the next stop is 5, not 2.
    h1 = loop.call_later(2, cb, loop, "cancelled at 2")
    h2 = loop.call_later(3, cb, loop, "cancelled at 3")
    loop.call_later(5, cb, loop, "timer at 5", "timer at 5 -> next")
    loop.call_later(5, cb, loop, "second timer at 5")
    h1.cancel()
    h2.cancel()
    await asyncio.sleep(5)
    log("main after sleep(5)")
    # A timer due at the same time as a task's sleep: scheduling order.
    loop.call_later(1, cb, loop, "callback timer at 6")
    await asyncio.sleep(1)
    log("main after sleep(1)")


asyncio.run(main())
