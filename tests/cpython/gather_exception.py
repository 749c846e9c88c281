# A gathered child raising: without return_exceptions the awaiting task gets
# the exception at once while the other children keep running; with
# return_exceptions=True the exception is one of the results.
import asyncio


def log(*parts):
    print(f"{asyncio.get_running_loop().time():.3f}", *parts)


async def ok(name, d):
    log(name, "starts")
    await asyncio.sleep(d)
    log(name, "ends")
    return name


async def bad(name, d):
    log(name, "starts")
    await asyncio.sleep(d)
    log(name, "raises")
    raise ValueError(name)


async def main():
    g = asyncio.gather(ok("a", 1), bad("b", 2), ok("c", 3), bad("d", 4))
    try:
        await g
    except ValueError as e:
        log("main caught ValueError", e)
    log("gather done:", g.done())
    await asyncio.sleep(3)
    log("after the others")
    res = await asyncio.gather(ok("e", 1), bad("f", 1), ok("g", 2),
                               return_exceptions=True)
    log("return_exceptions ->", [repr(r) for r in res])
    res = await asyncio.gather(bad("h", 0), return_exceptions=True)
    log("->", [repr(r) for r in res])


asyncio.run(main())
