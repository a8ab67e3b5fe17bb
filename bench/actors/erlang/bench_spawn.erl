%% Spawn N idle processes, as bench/actors/apps/spawn does:
%%   spawn_call:  the N spawn/1 calls only
%%   spawn_ready: spawn N children that each send `up` to the parent, then block in receive;
%%                timed until the parent has received all N acks
%% plus memory: erlang:memory(processes) growth / N with N idle children alive, and
%% erlang:process_info(Child, memory) of one idle child.
%%   erl -noshell -pa DIR -run bench_spawn main N -s init stop
%% Wall time and CPU time (*_cpu_us): bench_util.
-module(bench_spawn).
-export([main/1]).

-import(bench_util, [now_ns/0, cpu_ns/0, cpu_span/2]).

idle() -> receive _ -> ok end.

idle_ack(Parent) -> Parent ! up, receive _ -> ok end.

stop_all(Pids) ->
    Refs = [begin R = erlang:monitor(process, P), P ! stop, R end || P <- Pids],
    [receive {'DOWN', R, process, _, _} -> ok end || R <- Refs],
    ok.

spawn_loop(0, Acc) -> Acc;
spawn_loop(N, Acc) -> spawn_loop(N - 1, [spawn(fun idle/0) | Acc]).

spawn_ack_loop(0, _Me, Acc) -> Acc;
spawn_ack_loop(N, Me, Acc) -> spawn_ack_loop(N - 1, Me, [spawn(fun() -> idle_ack(Me) end) | Acc]).

wait_ups(0) -> ok;
wait_ups(N) -> receive up -> wait_ups(N - 1) end.

%% every child has run and is parked in receive
wait_parked(Pids) ->
    case lists:all(fun(P) -> erlang:process_info(P, status) =:= {status, waiting} end, Pids) of
        true -> ok;
        false -> timer:sleep(1), wait_parked(Pids)
    end.

spawn_call(N) ->
    erlang:garbage_collect(),
    M0 = erlang:memory(processes),
    C0 = cpu_ns(),
    T0 = now_ns(),
    Pids = spawn_loop(N, []),
    T1 = now_ns(),
    C1 = cpu_ns(),
    wait_parked(Pids),
    M1 = erlang:memory(processes),
    {memory, One} = erlang:process_info(hd(Pids), memory),
    stop_all(Pids),
    {(T1 - T0) / 1000 / N, (M1 - M0) / N, One, cpu_span(C0, C1) / 1000 / N}.

spawn_ready(N) ->
    Me = self(),
    C0 = cpu_ns(),
    T0 = now_ns(),
    Pids = spawn_ack_loop(N, Me, []),
    wait_ups(N),
    T1 = now_ns(),
    C1 = cpu_ns(),
    stop_all(Pids),
    {(T1 - T0) / 1000 / N, cpu_span(C0, C1) / 1000 / N}.

main([NStr]) ->
    N = list_to_integer(NStr),
    Warm = min(N, 2000),
    spawn_call(Warm),
    spawn_ready(Warm),
    {Call, PerProc, One, CallCpu} = spawn_call(N),
    {Ready, ReadyCpu} = spawn_ready(N),
    io:format("metric spawn_call_us ~.4f us~n", [Call]),
    io:format("metric spawn_ready_us ~.4f us~n", [Ready]),
    io:format("metric bytes_per_process ~.1f bytes~n", [float(PerProc)]),
    io:format("metric process_info_memory ~w bytes~n", [One]),
    io:format("metric spawn_call_cpu_us ~.4f us~n", [CallCpu]),
    io:format("metric spawn_ready_cpu_us ~.4f us~n", [ReadyCpu]).
