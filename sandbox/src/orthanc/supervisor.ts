/**
 * The shell that runs Orthanc for us. Node owns the write end of its stdin pipe: when Node exits for any
 * reason (even SIGKILL) the pipe closes, the watcher's `read` returns and Orthanc is stopped, so Orthanc can
 * never outlive the sandbox. It prints Orthanc's PID first so Node can SIGKILL it synchronously on 'exit'.
 * Arguments: $1 Orthanc binary, $2 config file, $3 log file.
 */
export const SUPERVISOR_SCRIPT = `
exec 3<&0
"$1" "$2" >>"$3" 2>&1 </dev/null &
pid=$!
echo "$pid"
(
  read _ <&3
  kill -TERM "$pid" 2>/dev/null
  i=0
  while kill -0 "$pid" 2>/dev/null && [ $i -lt 50 ]; do sleep 0.1; i=$((i+1)); done
  kill -KILL "$pid" 2>/dev/null
) &
watcher=$!
exec 3<&-
wait "$pid"
code=$?
kill "$watcher" 2>/dev/null
exit $code
`;
