import { Box, Text, type TextProps } from 'ink';

/**
 * Text folded at word boundaries to the width it is given, each line starting at the same column.
 * Ink's own wrapping keeps the space it breaks at, so a folded line started with a stray space;
 * here each word is a flex item, so no line starts with one.
 */
export function Words({ text, ...style }: { text: string } & Omit<TextProps, 'children' | 'wrap'>) {
  const words = text.split(/\s+/).filter(Boolean);
  return (
    <Box flexWrap="wrap" columnGap={1} flexShrink={1}>
      {words.map((word, i) => (
        <Text key={i} {...style}>
          {word}
        </Text>
      ))}
    </Box>
  );
}
