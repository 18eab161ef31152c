-- an uncaught error whose value is a table: no message text, no traceback
io.write("before\n")
local function fail() error({code = 42}) end
fail()
