# Files as spreadsheets export them: semicolons and decimal commas, an id column, TRUE/FALSE targets.
load students_eu.csv
load students_eu.csv ignore=id
print y2
load students_eu.csv ignore=id,age target=passed
show data
