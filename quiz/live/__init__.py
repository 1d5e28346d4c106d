"""Instructor-led live sessions: a WebSocket server the host runs, and the client learners use.

Layout: ``protocol`` (the pydantic messages, shared by both ends), ``session`` (the session's
rules: state machine, timing, scoring, persistence; no network), ``server`` (aiohttp WebSocket
front of a session; ``python -m quiz.live`` runs one standalone), ``client`` (the asyncio client
that the learner screen, the host screen and the load benchmark all use). Nothing here imports
textual; aiohttp is imported by ``server`` and ``client`` only, so import those lazily.

The API the TUI calls (every call from inside the app's event loop, e.g. in a worker)::

    from quiz.live.session import LiveOptions, LiveSession
    from quiz.live.server import serve
    from quiz.live.client import LiveClient, Disconnected, Closed, JoinError, url_for
    from quiz.live import protocol as p

    # Host: create (or resume) the session, serve it, and drive it through a host client.
    session = await LiveSession.create(store, bank, LiveOptions(questions=10, time_limit=20,
                                       speed=True), bank_ref="sanctions")
    # or, after a crash: session = await LiveSession.resume(store, bank, "K7QXPM")
    #   (LiveSession.stored_bank_ref(store, code) tells which bank to load first;
    #    an open question comes back paused; the host token is new)
    server = await serve(session, host="127.0.0.1", port=8765)   # port=0: any free port
    server.port, server.url          # the bound port; ws://127.0.0.1:8765/ws
    session.code, session.host_token # show the code big; keep the token secret
    host = LiveClient(server.url, code=session.code, host_token=session.host_token)
    welcome = await host.connect()   # p.HostWelcome (returned, not yielded by the iterator)
    await host.start() / host.reveal() / host.next() / host.pause() / host.resume()
    await host.kick(participant_id) / host.end()
    async for event in host: ...     # p.Participants, p.AnsweredCount, p.QuestionMessage,
                                     # p.RevealMessage, p.Leaderboard, p.Ended(items=...), ...
    await host.close(); await server.stop()

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

Rules the server enforces (the client cannot change them): the server keeps time
(``time.monotonic``) and scores; a question closes on its deadline, when every connected
participant has answered, or when the host reveals it; only the host token can start, reveal,
advance, pause, resume, kick or end; every join and answer is in SQLite before it is
acknowledged; a session's attempts are ordinary attempts (mode ``live``, ``session_code`` the
code), so ``quiz export --session CODE`` and ``quiz report --session CODE`` read them.
"""
