step 1
ÿş
