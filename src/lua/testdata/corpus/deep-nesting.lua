-- Deeply nested blocks, expressions, tables and functions (below the parser limits).
local depth = 0
do local d0 = 0
 do local d1 = 1
  do local d2 = 2
   do local d3 = 3
    do local d4 = 4
     do local d5 = 5
      do local d6 = 6
       do local d7 = 7
        do local d8 = 8
         do local d9 = 9
          do local d10 = 10
           do local d11 = 11
            do local d12 = 12
             do local d13 = 13
              do local d14 = 14
               do local d15 = 15
                do local d16 = 16
                 do local d17 = 17
                  do local d18 = 18
                   do local d19 = 19
                    do local d20 = 20
                     do local d21 = 21
                      do local d22 = 22
                       do local d23 = 23
                        do local d24 = 24
                         do local d25 = 25
                          do local d26 = 26
                           do local d27 = 27
                            do local d28 = 28
                             do local d29 = 29
                              do local d30 = 30
                               do local d31 = 31
                                do local d32 = 32
                                 do local d33 = 33
                                  do local d34 = 34
                                   do local d35 = 35
                                    do local d36 = 36
                                     do local d37 = 37
                                      do local d38 = 38
                                       do local d39 = 39
                                        do local d40 = 40
                                         do local d41 = 41
                                          do local d42 = 42
                                           do local d43 = 43
                                            do local d44 = 44
                                             do local d45 = 45
                                              do local d46 = 46
                                               do local d47 = 47
                                                do local d48 = 48
                                                 do local d49 = 49
                                                  do local d50 = 50
                                                   do local d51 = 51
                                                    do local d52 = 52
                                                     do local d53 = 53
                                                      do local d54 = 54
                                                       do local d55 = 55
                                                        do local d56 = 56
                                                         do local d57 = 57
                                                          do local d58 = 58
                                                           do local d59 = 59
                                                            depth = d0 + d59
                                                           end
                                                          end
                                                         end
                                                        end
                                                       end
                                                      end
                                                     end
                                                    end
                                                   end
                                                  end
                                                 end
                                                end
                                               end
                                              end
                                             end
                                            end
                                           end
                                          end
                                         end
                                        end
                                       end
                                      end
                                     end
                                    end
                                   end
                                  end
                                 end
                                end
                               end
                              end
                             end
                            end
                           end
                          end
                         end
                        end
                       end
                      end
                     end
                    end
                   end
                  end
                 end
                end
               end
              end
             end
            end
           end
          end
         end
        end
       end
      end
     end
    end
   end
  end
 end
end
print(depth)
local p = ((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((1 + 1) + 1) + 1) + 1) + 1) + 1) + 1) + 1) + 1) + 1) + 1) + 1) + 1) + 1) + 1) + 1) + 1) + 1) + 1) + 1) + 1) + 1) + 1) + 1) + 1) + 1) + 1) + 1) + 1) + 1) + 1) + 1) + 1) + 1) + 1) + 1) + 1) + 1) + 1) + 1) + 1) + 1) + 1) + 1) + 1) + 1) + 1) + 1) + 1) + 1) + 1) + 1) + 1) + 1) + 1) + 1) + 1) + 1) + 1) + 1) + 1) + 1) + 1) + 1) + 1) + 1) + 1) + 1) + 1) + 1) + 1) + 1) + 1) + 1) + 1) + 1) + 1) + 1) + 1) + 1) + 1) + 1) + 1) + 1) + 1) + 1) + 1) + 1) + 1) + 1)
print(p)
local nt = {{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{"leaf"}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}
local cur = nt
for i = 1, 40 do cur = cur[1] end
print(cur)
local v = 0
if v == 0 then v = v + 1
 if v == 1 then v = v + 1
  if v == 2 then v = v + 1
   if v == 3 then v = v + 1
    if v == 4 then v = v + 1
     if v == 5 then v = v + 1
      if v == 6 then v = v + 1
       if v == 7 then v = v + 1
        if v == 8 then v = v + 1
         if v == 9 then v = v + 1
          if v == 10 then v = v + 1
           if v == 11 then v = v + 1
            if v == 12 then v = v + 1
             if v == 13 then v = v + 1
              if v == 14 then v = v + 1
               if v == 15 then v = v + 1
                if v == 16 then v = v + 1
                 if v == 17 then v = v + 1
                  if v == 18 then v = v + 1
                   if v == 19 then v = v + 1
                    if v == 20 then v = v + 1
                     if v == 21 then v = v + 1
                      if v == 22 then v = v + 1
                       if v == 23 then v = v + 1
                        if v == 24 then v = v + 1
                         if v == 25 then v = v + 1
                          if v == 26 then v = v + 1
                           if v == 27 then v = v + 1
                            if v == 28 then v = v + 1
                             if v == 29 then v = v + 1
                             end
                            end
                           end
                          end
                         end
                        end
                       end
                      end
                     end
                    end
                   end
                  end
                 end
                end
               end
              end
             end
            end
           end
          end
         end
        end
       end
      end
     end
    end
   end
  end
 end
end
print(v)
-- Twelve nested functions; the innermost reads a local of each level.
local function f0(a0)
  local function f1(a1)
    local function f2(a2)
      local function f3(a3)
        local function f4(a4)
          local function f5(a5)
            local function f6(a6)
              local function f7(a7)
                local function f8(a8)
                  local function f9(a9)
                    local function f10(a10)
                      local function f11(a11)
                        return a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7 + a8 + a9 + a10 + a11
                      end
                      return f11(11)
                    end
                    return f10(10)
                  end
                  return f9(9)
                end
                return f8(8)
              end
              return f7(7)
            end
            return f6(6)
          end
          return f5(5)
        end
        return f4(4)
      end
      return f3(3)
    end
    return f2(2)
  end
  return f1(1)
end
print(f0(0))
-- Nested loops of every kind.
local hits = 0
for i = 1, 2 do
  for k in pairs({ 1, 2 }) do
    local w = 0
    while w < 2 do
      w = w + 1
      repeat
        for j = 1, 2 do
          do hits = hits + 1 end
        end
      until true
    end
  end
end
print(hits)
-- Long chains of unary operators and a call nested in calls.
local u = - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - 5
local nn = not not not not not not not not not not not not not not not not not not not not not not not not not not not not not not not not not not not not not not not not not not not not not not not not not not not nil
local function id(x) return x end
local c = id(id(id(id(id(id(id(id(id(id(id(id(id(id(id(id(id(id(id(id(id(id(id(id(id(id(id(id(id(id(id(id(id(id(id(id(id(id(id(id(id(id(id(id(id(id(id(id(id(id(7))))))))))))))))))))))))))))))))))))))))))))))))))
print(u, nn, c)
