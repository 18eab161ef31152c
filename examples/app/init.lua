-- The bundled app of `nodemcu-emu run`: a heartbeat LED, a boot counter kept in flash, and a
-- status line every 10 seconds. Type Lua at the prompt while it runs.
local LED = 4 -- GPIO2, the ESP-12 module's blue LED (active low)
local on = false

local boots = tonumber(file.getcontents and file.getcontents("boots.txt") or "0") or 0
boots = boots + 1
if file.putcontents then file.putcontents("boots.txt", tostring(boots)) end
print(("boot #%d, reason %d, heap %d"):format(boots, select(2, node.bootreason()), node.heap()))

gpio.mode(LED, gpio.OUTPUT)
local blink = tmr.create()
blink:register(500, tmr.ALARM_AUTO, function()
  on = not on
  gpio.write(LED, on and gpio.LOW or gpio.HIGH)
end)
blink:start()

local ticks = 0
tmr.create():alarm(10000, tmr.ALARM_AUTO, function()
  ticks = ticks + 1
  print(("uptime %ds, heap %d, LED %s"):format(tmr.time(), node.heap(), on and "on" or "off"))
end)
