#!/bin/bash
# Point-in-time recovery drill (issue #24): a throwaway PostgreSQL cluster in a temporary
# folder on port 5499, run as the postgres user (never the machine's cluster): WAL archiving,
# a base backup, 20 s of writes, a dropped table, then recovery to the moment before it.
# Prints the recovery time and the rows recovered. Run as root: sudo bench/pitr_drill.sh
set -e
B=/usr/lib/postgresql/15/bin
D=$(mktemp -d /tmp/practica-pitr-XXXX); chown postgres $D; cd $D
run() { su postgres -s /bin/bash -c "$*"; }
run "$B/initdb -D $D/data -U postgres -A trust >/dev/null"
cat >> $D/data/postgresql.conf <<CONF
port = 5499
listen_addresses = '127.0.0.1'
unix_socket_directories = '$D'
wal_level = replica
archive_mode = on
archive_command = 'test ! -f $D/wal/%f && cp %p $D/wal/%f'
archive_timeout = 60
CONF
run "mkdir $D/wal"
run "$B/pg_ctl -D $D/data -l $D/log -w start >/dev/null"
P="psql -h 127.0.0.1 -p 5499 -U postgres -Atq"
$P -c "create table orders(id serial primary key, at timestamptz default clock_timestamp(), pad text)"
$P -c "insert into orders(pad) select repeat('x',200) from generate_series(1,200000)"   # ~50 MB
run "$B/pg_basebackup -h 127.0.0.1 -p 5499 -U postgres -D $D/base -Ft -z -X fetch"
# steady writes after the base backup, one row every 50 ms for 20 s
for i in $(seq 1 400); do $P -c "insert into orders(pad) values ('after')"; sleep 0.05; done
TARGET=$($P -c "select clock_timestamp()")
LASTBEFORE=$($P -c "select count(*) from orders")
sleep 1
$P -c "drop table orders"   # the disaster: an operator's mistake
$P -c "select pg_switch_wal()" >/dev/null; sleep 2   # let the last segment be archived
run "$B/pg_ctl -D $D/data -m fast -w stop >/dev/null"
START=$(date +%s.%N)
run "mkdir -m 700 $D/restored && tar -xzf $D/base/base.tar.gz -C $D/restored"
run "touch $D/restored/recovery.signal"
cat >> $D/restored/postgresql.conf <<CONF
restore_command = 'cp $D/wal/%f %p'
recovery_target_time = '$TARGET'
recovery_target_action = 'promote'
archive_mode = off
CONF
chown postgres $D/restored/postgresql.conf
run "$B/pg_ctl -D $D/restored -l $D/log2 -w -t 300 start >/dev/null"
until [ "$($P -c 'select pg_is_in_recovery()')" = "f" ]; do sleep 0.2; done
END=$(date +%s.%N)
GOT=$($P -c "select count(*) from orders")
LASTAT=$($P -c "select max(at) from orders")
echo "recovery_seconds=$(echo "$END - $START" | bc)"
echo "rows_at_target=$LASTBEFORE rows_restored=$GOT"
echo "target=$TARGET last_restored_row=$LASTAT"
echo "wal_segments=$(ls $D/wal | wc -l) base_backup=$(du -sh $D/base | cut -f1)"
run "$B/pg_ctl -D $D/restored -m fast -w stop >/dev/null"
rm -rf $D
