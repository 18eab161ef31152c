-- Blink the on-board LED and serve its state over HTTP once the station has an IP.
local LED = 4 -- GPIO2, the ESP-12 module's blue LED (active low)
local on = false

gpio.mode(LED, gpio.OUTPUT)

local blink = tmr.create()
blink:register(500, tmr.ALARM_AUTO, function()
  on = not on
  gpio.write(LED, on and gpio.LOW or gpio.HIGH)
end)
blink:start()

local function page()
  return string.format("HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\nLED is %s, heap %d\n",
    on and "on" or "off", node.heap())
end

wifi.setmode(wifi.STATION)
wifi.sta.config({ ssid = "my-network", pwd = "secret" })
wifi.eventmon.register(wifi.eventmon.STA_GOT_IP, function(info)
  print("got IP " .. info.IP)
  local srv = net.createServer(net.TCP, 30)
  srv:listen(80, function(conn)
    conn:on("receive", function(c, request)
      c:send(page(), function() c:close() end)
    end)
  end)
end)
