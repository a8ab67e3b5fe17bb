%% ROUNDS round trips between two processes, as bench/actors/apps/pingpong does:
%% send {Self, ping, I} to an echo process, wait for {pong, I}.
%%   erl -noshell -pa DIR -run bench_pingpong main ROUNDS -s init stop
%% Wall time and CPU time (*_cpu_us): bench_util.
-module(bench_pingpong).
-export([main/1]).

-import(bench_util, [now_ns/0, cpu_ns/0, cpu_span/2]).

echo() ->
    receive
        {From, ping, V} -> From ! {pong, V}, echo();
        stop -> ok
    end.

rounds(_Echo, I, K) when I > K -> ok;
rounds(Echo, I, K) ->
    Echo ! {self(), ping, I},
    receive {pong, I} -> ok end,
    rounds(Echo, I + 1, K).

main([KStr]) ->
    K = list_to_integer(KStr),
    Echo = spawn(fun echo/0),
    rounds(Echo, 1, min(K, 20000)), % warm-up
    C0 = cpu_ns(),
    T0 = now_ns(),
    rounds(Echo, 1, K),
    T1 = now_ns(),
    C1 = cpu_ns(),
    Echo ! stop,
    io:format("metric roundtrip_us ~.4f us~n", [(T1 - T0) / 1000 / K]),
    io:format("metric roundtrip_cpu_us ~.4f us~n", [cpu_span(C0, C1) / 1000 / K]).
