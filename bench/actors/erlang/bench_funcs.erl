%% The analogue of CALLS synchronous funcs.call("app:inc", I) (bench/actors/apps/funcs).
%%
%% funcs.call runs the function in its own short-lived process (isolated heap, copied
%% arguments and result, a crash becomes an error value) while the caller waits. The fair
%% Erlang analogue is therefore spawn-and-wait, not a function call:
%%   spawn_monitor(fun() -> exit({ok, apply(M, F, [I])}) end), then wait for the 'DOWN'
%% whose reason carries the result (or the crash) - one process and one message per call,
%% exactly the failure semantics of funcs.call. As a floor, also a plain dynamic call
%% apply(M, F, [I]) (funcs.call resolves its target by name at run time too), 100x as many.
%%   erl -noshell -pa DIR -run bench_funcs main CALLS -s init stop
%% Wall time and CPU time (*_cpu_us): bench_util.
-module(bench_funcs).
-export([main/1, inc/1]).

-import(bench_util, [now_ns/0, cpu_ns/0, cpu_span/2]).

inc(N) -> N + 1.

call(M, F, A) ->
    {Pid, Ref} = spawn_monitor(fun() -> exit({ok, apply(M, F, A)}) end),
    receive
        {'DOWN', Ref, process, Pid, {ok, R}} -> {ok, R};
        {'DOWN', Ref, process, Pid, Reason} -> {error, Reason}
    end.

calls(M, F, K) -> calls(M, F, 1, K, 0).
calls(_M, _F, I, K, Sum) when I > K -> Sum;
calls(M, F, I, K, Sum) ->
    {ok, R} = call(M, F, [I]),
    calls(M, F, I + 1, K, Sum + R).

local_calls(M, F, K) -> local_calls(M, F, 1, K, 0).
local_calls(_M, _F, I, K, Sum) when I > K -> Sum;
local_calls(M, F, I, K, Sum) -> local_calls(M, F, I + 1, K, Sum + apply(M, F, [I])).

main([KStr]) ->
    K = list_to_integer(KStr),
    %% the target comes from outside, so the compiler cannot inline it
    {M, F} = {list_to_atom("bench_funcs"), list_to_atom("inc")},
    calls(M, F, K), % warm-up, as in the Lua version
    C0 = cpu_ns(),
    T0 = now_ns(),
    S1 = calls(M, F, K),
    T1 = now_ns(),
    C1 = cpu_ns(),
    local_calls(M, F, K * 100),
    T2 = now_ns(),
    local_calls(M, F, K * 100),
    T3 = now_ns(),
    S1 = local_calls(M, F, K),
    io:format("metric funcs_call_us ~.4f us~n", [(T1 - T0) / 1000 / K]),
    io:format("metric local_call_us ~.5f us~n", [(T3 - T2) / 1000 / (K * 100)]),
    io:format("metric funcs_call_cpu_us ~.4f us~n", [cpu_span(C0, C1) / 1000 / K]).
