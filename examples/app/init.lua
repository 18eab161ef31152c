-- The bundled app of `nodemcu-emu run`: joins WiFi, serves a status page on port 80, publishes
-- telemetry over MQTT every 5 seconds, blinks the LED and counts its boots in flash. Type Lua
-- at the prompt while it runs.
--
-- From the host: `curl http://127.0.0.1:<port>/` (the port is printed at start), and
-- `mosquitto_sub -h 127.0.0.1 -p <broker port> -t 'nodemcu/#' -v` (`nodemcu-emu run` starts a
-- broker for this app and writes its address into config.lua).
local LED = 4 -- GPIO2, the ESP-12 module's blue LED (active low)
local on = false

local boots = (tonumber(file.getcontents("boots.txt") or "0") or 0) + 1
file.putcontents("boots.txt", tostring(boots))
print(("boot #%d, reason %d, heap %d"):format(boots, select(2, node.bootreason()), node.heap()))

gpio.mode(LED, gpio.OUTPUT)
tmr.create():alarm(500, tmr.ALARM_AUTO, function()
  on = not on
  gpio.write(LED, on and gpio.LOW or gpio.HIGH)
end)

local function status()
  return ('{"boot":%d,"uptime":%d,"heap":%d,"led":%s,"ip":"%s"}'):format(
    boots, tmr.time(), node.heap(), tostring(on), wifi.sta.getip() or "")
end

-- the status page: one response per connection, then close
local function serve()
  local srv = net.createServer(net.TCP, 30)
  srv:listen(80, function(conn)
    conn:on("receive", function(c, request)
      local path = request:match("^GET (%S+)") or "?"
      local body = path == "/" and status() .. "\n" or "not found\n"
      c:send(("HTTP/1.0 %s\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n%s"):format(
        path == "/" and "200 OK" or "404 Not Found", #body, body), function(s) s:close() end)
    end)
  end)
  print("http: status page on port 80")
end

-- telemetry
local ok, cfg = pcall(dofile, "config.lua")
local m
local topic = "nodemcu/" .. node.chipid()

local function connect()
  m:connect(cfg.mqtt_host, cfg.mqtt_port, function(c)
    print("mqtt: connected to " .. cfg.mqtt_host .. ":" .. cfg.mqtt_port)
    c:publish(topic .. "/status", "online", 1, 1)
  end, function(_, reason)
    print("mqtt: connection failed (" .. reason .. "), retrying")
    tmr.create():alarm(2000, tmr.ALARM_SINGLE, connect)
  end)
end

if ok and type(cfg) == "table" then
  m = mqtt.Client("nodemcu-" .. node.chipid(), 30)
  m:lwt(topic .. "/status", "offline", 1, 1)
  m:on("offline", function()
    print("mqtt: offline, reconnecting")
    tmr.create():alarm(2000, tmr.ALARM_SINGLE, connect)
  end)
  tmr.create():alarm(5000, tmr.ALARM_AUTO, function()
    pcall(m.publish, m, topic .. "/telemetry", status(), 0, 0) -- "not connected" until it is
  end)
end

wifi.setmode(wifi.STATION)
wifi.eventmon.register(wifi.eventmon.STA_GOT_IP, function(t)
  print("wifi: got " .. t.IP)
  serve()
  if m then connect() end
end)
wifi.sta.config({ ssid = "emu-net", pwd = "emulated-pass" })
