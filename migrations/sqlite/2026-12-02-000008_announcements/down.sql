DROP TABLE must_read_audience;
DROP TABLE must_reads;
DROP TABLE pins;
