-- A typical NodeMCU application: Wi-Fi station, timers, a TCP server and GPIO.
-- It uses the firmware's modules, so it only compiles on a PC.
local LED = 4
local config = { ssid = "home", pwd = "secret", port = 80 }
local state = { connected = false, hits = 0, blink = false }

gpio.mode(LED, gpio.OUTPUT)
gpio.write(LED, gpio.HIGH)

local blinker = tmr.create()
blinker:register(500, tmr.ALARM_AUTO, function(t)
  state.blink = not state.blink
  gpio.write(LED, state.blink and gpio.LOW or gpio.HIGH)
end)
blinker:start()

local function reply(sock, code, body)
  local headers = "HTTP/1.1 " .. code .. "\r\nContent-Type: text/html\r\nContent-Length: "
    .. #body .. "\r\nConnection: close\r\n\r\n"
  sock:send(headers .. body, function(s) s:close() end)
end

local function route(sock, method, path)
  state.hits = state.hits + 1
  if method == "GET" and path == "/" then
    reply(sock, "200 OK", "<h1>Hello from " .. node.chipid() .. "</h1><p>hits: " .. state.hits .. "</p>")
  elseif path == "/led/on" then
    blinker:stop()
    gpio.write(LED, gpio.LOW)
    reply(sock, "200 OK", "on")
  elseif path == "/led/off" then
    blinker:stop()
    gpio.write(LED, gpio.HIGH)
    reply(sock, "200 OK", "off")
  elseif path == "/heap" then
    reply(sock, "200 OK", tostring(node.heap()))
  else
    reply(sock, "404 Not Found", "not found: " .. path)
  end
end

local function start_server()
  local srv = net.createServer(net.TCP, 30)
  srv:listen(config.port, function(conn)
    conn:on("receive", function(sock, payload)
      local method, path = payload:match("^(%u+) (%S+)")
      if method then
        local ok, err = pcall(route, sock, method, path)
        if not ok then print("route error: " .. err) sock:close() end
      else
        sock:close()
      end
    end)
    conn:on("disconnection", function() collectgarbage() end)
  end)
  print("listening on " .. wifi.sta.getip() .. ":" .. config.port)
end

wifi.setmode(wifi.STATION)
wifi.sta.config({ ssid = config.ssid, pwd = config.pwd, auto = true })
wifi.eventmon.register(wifi.eventmon.STA_GOT_IP, function(T)
  state.connected = true
  print("got ip " .. T.IP)
  start_server()
end)
wifi.eventmon.register(wifi.eventmon.STA_DISCONNECTED, function(T)
  state.connected = false
  print("disconnected, reason " .. T.reason)
end)

local watchdog = tmr.create()
watchdog:alarm(10000, tmr.ALARM_AUTO, function()
  if not state.connected then
    print("still waiting for Wi-Fi, heap " .. node.heap())
  end
end)

uart.setup(0, 115200, 8, uart.PARITY_NONE, uart.STOPBITS_1, 1)
uart.on("data", "\r", function(line)
  if line:sub(1, 4) == "quit" then
    uart.on("data")
  end
end, 0)
