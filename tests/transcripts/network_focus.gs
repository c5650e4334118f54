# focus in network mode: parameters by their layered names, left/right in trace order, examples as
# for the single neuron; a name outside the network is refused with the range of names.
load xor
set hidden 2
focus
focus w3_1_2
focus 3 b2_1
focus right
focus right
focus left
focus down
explain
