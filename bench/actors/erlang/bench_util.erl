%% Clocks for the actor benchmarks.
%%   now_ns(): wall time, erlang:monotonic_time(nanosecond)
%%   cpu_ns(): CPU time of the normal scheduler threads, in nanoseconds, from Linux's
%%             /proc/self/task/TID/schedstat (the same quantity as wippy's os.clock(), which
%%             is the Node process's CPU time, but without the threads that only do the
%%             reading). statistics(runtime) ticks too coarsely (10 ms) for these spans.
%%             The cost of one reading is measured once and subtracted (cpu_span/2).
%% With more than one scheduler an idle scheduler spins before it sleeps, and that counts as
%% CPU time: compare CPU times with +S 1.
-module(bench_util).
-export([now_ns/0, cpu_ns/0, cpu_span/2]).

now_ns() -> erlang:monotonic_time(nanosecond).

files() ->
    case get(bench_util_files) of
        undefined ->
            {ok, Tids} = file:list_dir("/proc/self/task"),
            Fs = [lists:flatten(["/proc/self/task/", T, "/schedstat"])
                  || T <- Tids,
                     {ok, Comm} <- [file:read_file(["/proc/self/task/", T, "/comm"])],
                     binary:match(Comm, <<"_scheduler">>) =/= nomatch,
                     binary:match(Comm, <<"dirty">>) =:= nomatch],
            put(bench_util_files, Fs),
            put(bench_util_cost, 0),
            Cost = lists:min([begin A = read(Fs), B = read(Fs), B - A end || _ <- lists:seq(1, 5)]),
            put(bench_util_cost, Cost),
            Fs;
        Fs -> Fs
    end.

read(Fs) ->
    lists:sum([begin
                   {ok, B} = file:read_file(F),
                   [Ns | _] = binary:split(B, <<" ">>),
                   binary_to_integer(Ns)
               end || F <- Fs]).

cpu_ns() -> read(files()).

%% CPU nanoseconds between two readings, less the cost of one reading.
cpu_span(C0, C1) -> max(0, C1 - C0 - get(bench_util_cost)).
