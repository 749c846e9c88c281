# asyncio.as_completed yields results in completion order; ties complete in
# scheduling order; a timeout raises TimeoutError for the rest.
import asyncio


def log(*parts):
    print(f"{asyncio.get_running_loop().time():.3f}", *parts)


async def job(name, d):
    await asyncio.sleep(d)
    log(name, "finishes")
    return name


async def main():
    aws = [job("a3", 3), job("b1", 1), job("c2", 2), job("d1", 1),
           job("e0", 0)]
    for fut in asyncio.as_completed(aws):
        log("as_completed ->", await fut)
    aws = [job("x1", 1), job("y5", 5), job("z2", 2)]
    try:
        for fut in asyncio.as_completed(aws, timeout=3):
            log("with timeout ->", await fut)
    except asyncio.TimeoutError:
        log("TimeoutError")
    await asyncio.sleep(3)
    log("done")


asyncio.run(main())
