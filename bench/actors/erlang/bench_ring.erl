%% A token around a ring of N processes (this process + N-1 spawned), LAPS times,
%% as bench/actors/apps/ring does. Token 0 ends every node.
%%   erl -noshell -pa DIR -run bench_ring main N LAPS -s init stop
%% Wall time and CPU time (*_cpu_us): bench_util.
-module(bench_ring).
-export([main/1]).

-import(bench_util, [now_ns/0, cpu_ns/0, cpu_span/2]).

node_loop(Next) ->
    receive
        {t, 0} -> Next ! {t, 0}, ok;
        {t, V} -> Next ! {t, V}, node_loop(Next)
    end.

laps(_First, Lap, Laps) when Lap > Laps -> ok;
laps(First, Lap, Laps) ->
    First ! {t, Lap},
    receive {t, Lap} -> ok end,
    laps(First, Lap + 1, Laps).

main([NStr, LapsStr]) ->
    N = list_to_integer(NStr),
    Laps = list_to_integer(LapsStr),
    T0 = now_ns(),
    First = lists:foldl(fun(_, Next) -> spawn(fun() -> node_loop(Next) end) end, self(), lists:seq(1, N - 1)),
    First ! {t, -1}, % warm-up lap
    receive {t, -1} -> ok end,
    C1 = cpu_ns(),
    T1 = now_ns(),
    laps(First, 1, Laps),
    T2 = now_ns(),
    C2 = cpu_ns(),
    First ! {t, 0},
    receive {t, 0} -> ok end,
    io:format("metric ring_setup_ms ~.3f ms~n", [(T1 - T0) / 1.0e6]),
    io:format("metric ring_hop_us ~.4f us~n", [(T2 - T1) / 1000 / (N * Laps)]),
    io:format("metric ring_hop_cpu_us ~.4f us~n", [cpu_span(C1, C2) / 1000 / (N * Laps)]).
