# A gather's children take their first steps as consecutive handles of one
# iteration: a call_soon made before the gather runs before them, one made
# after it (before the await) after them, and a second gather's children
# come between. What a child schedules in its first step (a nested
# gather's children, a task) runs in the next iteration, in scheduling
# order; a child that finishes in its first step tells the gather one hop
# later.
import asyncio


def log(*parts):
    print(f"{asyncio.get_running_loop().time():.3f}", *parts)


async def leaf(name):
    log(name, "starts")
    await asyncio.sleep(0)
    log(name, "ends")
    return name


async def quick(name):
    log(name, "runs to the end")
    return name


async def nester(name):
    log(name, "starts")
    inner = asyncio.gather(leaf(name + ".1"), leaf(name + ".2"))
    t = asyncio.create_task(quick(name + ".task"))
    results = await inner
    await t
    log(name, "ends with", results)
    return name


async def main():
    loop = asyncio.get_running_loop()
    loop.call_soon(log, "soon before")
    g = asyncio.gather(leaf("A"), nester("B"), quick("C"), leaf("D"))
    g2 = asyncio.gather(quick("E"), quick("F"))
    loop.call_soon(log, "soon after")
    log("main awaits")
    log("main got", await g, await g2)


asyncio.run(main())
