"""Instructor-led live sessions: a WebSocket server the host runs, and the client learners use.

Layout, one job per module:

* ``protocol``: the pydantic messages, shared by both ends (the wire format);
* ``naming``: join codes and display names;
* ``clock``: the time a session keeps (``LoopClock``; ``ManualClock`` for tests);
* ``questions``: the session's questions as shown (order, points, frames);
* ``room``: the state machine: a command in, the new state and the messages out, no I/O but
  through its records (``quiz.store.live``, the one persistence seam) and its clock;
* ``standings``: scoring a closed question, ranks, the leaderboard, summaries, item figures;
* ``frames``: a message serialised and framed once, the same bytes for every recipient;
* ``fanout``: connections (``Peer``), delivery in order without waiting, slow peers dropped;
* ``session``: ``LiveSession``, the room, its timers and its fan-out together;
* ``server``: the aiohttp WebSocket front of a session;
* ``hosting``: the one way to build a hosted session (``quiz host`` with or without its screen,
  the benchmark, the tests);
* ``client``: the asyncio client that the learner screen, the host screen and the benchmark use.

Nothing here imports textual; aiohttp is imported by ``server`` and ``client`` (and
``hosting`` when it serves), so import those lazily.

The API the TUI calls (every call from inside the app's event loop, e.g. in a worker)::

    from quiz.live.hosting import HostSpec, host
    from quiz.live.room import LiveOptions
    from quiz.live.client import LiveClient, Disconnected, Closed, JoinError, url_for
    from quiz.live import protocol as p

    # Host: create (or resume) the session and serve it, then drive it through a host client.
    spec = HostSpec(bank="sanctions", options=LiveOptions(questions=10, time_limit=20), port=8765)
    # or, after a crash: HostSpec(resume="K7QXPM")   (an open question comes back paused;
    #                                                  the host token is new)
    hosted = await host(store, spec, find_bank)       # port=0: any free port
    hosted.server.port, hosted.url                   # the bound port; ws://127.0.0.1:8765/ws
    hosted.code, hosted.session.host_token           # show the code big; keep the token secret
    client = LiveClient(hosted.url, code=hosted.code, host_token=hosted.session.host_token)
    welcome = await client.connect()  # p.HostWelcome (returned, not yielded by the iterator)
    await client.start() / client.reveal() / client.next() / client.pause() / client.resume()
    await client.kick(participant_id) / client.end()
    async for event in client: ...   # p.Participants, p.AnsweredCount, p.QuestionMessage,
                                     # p.RevealMessage, p.Leaderboard, p.Ended(items=...), ...
    await client.close(); await hosted.stop()

    # Learner: join by address and code, then answer what arrives.
    learner = LiveClient(url_for("192.0.2.5:8765"), code="K7QXPM", name="Ona")
    joined = await learner.connect()  # p.Joined (name as made unique, participant id); raises
                                      # JoinError (.error is the p.Error) for a bad code or name
    async for event in learner:       # reconnects by itself, with backoff and the resume token
        match event:
            case p.QuestionMessage(): ...       # options in shown order, remaining seconds
            case p.Accepted(): ...              # "locked in"
            case p.RevealMessage() | p.Result() | p.Leaderboard(): ...
            case p.Ended(you=summary): ...      # score, rank, missed questions
            case Disconnected(retry_in=s): ...  # show "reconnecting"; a p.Joined(resumed=True) follows
            case Closed(reason=r): ...          # the last event: kicked, ended, gave up, closed
    reply = await learner.answer(position, [shown_index])  # p.Accepted | p.Refused (also yielded)
    # Sending while the connection is down raises client.NotConnected; close() ends with Closed.

Host-side helpers: ``server.is_loopback(host)`` (warn before binding elsewhere),
``client.parse_address("HOST[:PORT]")`` / ``url_for(...)`` for ``quiz join``, and
``session.standings()``. The protocol is documented in the README ("Live sessions: the
protocol") and, field by field, in ``protocol.py``.

Rules the server enforces (the client cannot change them): the server keeps time (its clock)
and scores; a question closes on its deadline, when every connected participant has
answered, or when the host reveals it; only the host token can start, reveal, advance,
pause, resume, kick or end; every join and answer is in SQLite before it is acknowledged; a
session's attempts are ordinary attempts (mode ``live``, ``session_code`` the code), so
``quiz export --session CODE`` and ``quiz report --session CODE`` read them.
"""
