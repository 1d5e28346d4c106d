<?php
// What Moodle's own GIFT parser (the oracle in ../shared/oracles/moodle/php) reads from a file,
// with the parts of a match question that the oracle's run_gift.php does not print.
// Usage: php moodle_gift.php ORACLE_PHP_DIR FILE  -> JSON {"questions": [...], "errors": [...]}
$oracle = $argv[1];
require $oracle . '/stubs.php';
require $oracle . '/question/format.php';
require $oracle . '/question/format/gift/format.php';
$format = new qformat_gift();
$read = [];
foreach ($format->readquestions($format->readdata($argv[2])) as $question) {
    if ($question->qtype == 'category') {
        continue;
    }
    $entry = [
        'qtype' => $question->qtype,
        'name' => $question->name,
        'questiontext' => $question->questiontext,
        'questiontextformat' => $question->questiontextformat,
        'generalfeedback' => $question->generalfeedback,
    ];
    if ($question->qtype == 'match') {
        $entry['subquestions'] = [];
        foreach ($question->subquestions as $key => $sub) {
            $entry['subquestions'][] = [
                'text' => $sub['text'],
                'format' => $sub['format'],
                'answer' => $question->subanswers[$key],
            ];
        }
    }
    $read[] = $entry;
}
echo json_encode(['questions' => $read, 'errors' => $GLOBALS['IMPORT_ERRORS']],
    JSON_UNESCAPED_UNICODE | JSON_UNESCAPED_SLASHES | JSON_INVALID_UTF8_SUBSTITUTE), "\n";
