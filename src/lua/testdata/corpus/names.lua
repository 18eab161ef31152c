-- Identifiers: underscores, digits, keyword-like names and names from later Lua versions.
local _ = 1
local __ = 2
local _a1 = 3
local a_b_c = 4
local A = 5
local a = 6
local endx, ifx, nil_, true1, for_, functions = 7, 8, 9, 10, 11, 12
local goto = "goto is an ordinary name in 5.1"
local continue = "so is continue"
local self = "a plain local named self"
local this_is_a_rather_long_identifier_name_that_goes_on_and_on_for_a_while = 13
local t = { ["end"] = 1, ["nil"] = 2, _ = 3, goto = 4 }
print(_, __, _a1, a_b_c, A, a, endx, ifx, nil_, true1, for_, functions)
print(goto, continue, self, this_is_a_rather_long_identifier_name_that_goes_on_and_on_for_a_while)
print(t["end"], t["nil"], t._, t.goto)
local function goto_(goto) return goto end
print(goto_(1))
