"""Helpers around the KV cache."""


class SinkCache:
    """A cache that keeps an attention sink at the front.

    Knowledge distillation is not involved; layer normalization neither.

    :param window: how many tokens the KV cache keeps.
    :param label_smoothing: ignored.
    """

    def __init__(self, window: int, label_smoothing: float = 0.1) -> None:
        self.window = window

    def evict(self, policy: str = "attention sink") -> None:
        """Evict old entries, keeping the attention sink.

        :param policy: the eviction policy (``"attention sink"``).
        :returns: nothing; the kernel fusion is elsewhere.
        """
