# derive: the chain rule for one example under both costs
set w 0.9 0.7
set b -0.1
derive
derive 2 w2
derive 4 b
