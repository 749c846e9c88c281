# Nested gathers: gather(gather(a, b), c, gather(d)) - each level adds its
# done-callback hop; inner results are lists inside the outer list.
import asyncio


def log(*parts):
    print(f"{asyncio.get_running_loop().time():.3f}", *parts)


async def ticker(start, n):
    await asyncio.sleep(start)
    for i in range(n):
        log("tick", i)
        await asyncio.sleep(0)


async def leaf(name, d):
    log(name, "starts")
    await asyncio.sleep(d)
    log(name, "ends")
    return name


async def middle():
    r = await asyncio.gather(leaf("a", 1), leaf("b", 2))
    log("middle got", r)
    return r


async def main():
    asyncio.create_task(ticker(2, 8))
    outer = asyncio.gather(middle(), leaf("c", 2),
                           asyncio.gather(leaf("d", 2)))
    log("outer created")
    res = await outer
    log("outer ->", res)
    res = await asyncio.gather(asyncio.gather(asyncio.gather(leaf("e", 1))))
    log("triple ->", res)


asyncio.run(main())
