"""encode_sentences and BucketSentenceIter: vocabularies, buckets, padding, next-token
labels, layouts."""
import random

import numpy as np
import pytest

import tutor as mx


def test_encode_builds_a_vocab_skipping_the_invalid_label():
    coded, vocab = mx.rnn.encode_sentences([['a', 'b'], ['b', 'c', 'a']], invalid_label=0,
                                           start_label=0)
    assert vocab == {'\n': 0, 'a': 1, 'b': 2, 'c': 3}
    assert coded == [[1, 2], [2, 3, 1]]


def test_encode_with_a_vocab_refuses_or_maps_unknown_tokens():
    vocab = {'a': 1, 'b': 2}
    with pytest.raises(AssertionError, match='Unknown token z'):
        mx.rnn.encode_sentences([['a', 'z']], vocab=dict(vocab))
    coded, v = mx.rnn.encode_sentences([['a', 'z']], vocab=dict(vocab), unknown_token='<unk>',
                                       start_label=5)
    assert coded == [[1, 5]] and v['<unk>'] == 5


def make_iter(layout='NT', buckets=None, batch_size=2):
    sentences = [[1, 2], [3, 4, 5], [6], [7, 8, 9], [1, 1, 1, 1, 1, 1], [2, 3], [4, 4, 4]]
    random.seed(0)
    np.random.seed(0)
    return mx.rnn.BucketSentenceIter(sentences, batch_size, buckets=buckets,
                                     invalid_label=0, layout=layout)


def test_buckets_pad_and_label_the_next_token(capsys):
    it = make_iter(buckets=[2, 3, 5])
    assert 'discarded 1 sentences' in capsys.readouterr().out
    assert it.buckets == [2, 3] and it.default_bucket_key == 3
    assert it.provide_data[0].shape == (2, 3) and it.provide_label[0].name == 'softmax_label'
    seen = {}
    for batch in it:
        data, label = batch.data[0].asnumpy(), batch.label[0].asnumpy()
        assert data.shape == (2, batch.bucket_key) == batch.provide_data[0].shape
        np.testing.assert_array_equal(label[:, :-1], data[:, 1:])
        assert (label[:, -1] == 0).all()
        seen[batch.bucket_key] = seen.get(batch.bucket_key, 0) + 1
    assert seen == {2: 1, 3: 1}   # whole batches only: 3 sentences of length <= 2 -> 1


def test_default_buckets_are_lengths_with_a_whole_batch():
    assert make_iter().buckets == [2, 3]


def test_tn_layout_is_time_major():
    batch = next(iter(make_iter(layout='TN', buckets=[2, 3])))
    assert batch.data[0].shape == (batch.bucket_key, 2)
    with pytest.raises(ValueError, match='Invalid layout'):
        make_iter(layout='XY', buckets=[2, 3])


def test_reset_starts_over():
    it = make_iter(buckets=[2, 3])
    n = sum(1 for _ in it)
    it.reset()
    assert sum(1 for _ in it) == n == 2
