# gen is deterministic: the same seed gives the same data.
gen gauss n=6 seed=4
show data
gen linear n=5 noise=0 seed=2
print y1
