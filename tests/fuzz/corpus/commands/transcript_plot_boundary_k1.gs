# One input: there is no (x1, x2) plane, so the boundary view says why and the script stops.
load neuron
plot sigmoid 30x8
plot boundary
plot cost
